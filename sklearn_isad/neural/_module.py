# Authors: The sklearn-isad developers
# SPDX-License-Identifier: BSD-3-Clause
"""The LSTM sequence classifier module and its batching."""

import numpy as np
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence


class LSTMSequenceModule(nn.Module):
    """LSTM over event vectors; the last hidden state feeds a linear layer.

    Padding is never seen by the LSTM: the batch is packed with each
    sequence's true length, so a sequence's output does not depend on the
    other sequences of its batch.
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int = 128,
        num_layers: int = 1,
        bidirectional: bool = False,
        n_classes: int = 2,
    ):
        super().__init__()
        self.lstm = nn.LSTM(
            input_size,
            hidden_size,
            num_layers=num_layers,
            batch_first=True,
            bidirectional=bidirectional,
        )
        self.bidirectional = bidirectional
        self.out = nn.Linear(hidden_size * (2 if bidirectional else 1), n_classes)

    def forward(self, x: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        # x: (batch, max_len, input_size); lengths: (batch,) on the CPU
        packed = pack_padded_sequence(
            x, lengths.cpu(), batch_first=True, enforce_sorted=False
        )
        _, (h_n, _) = self.lstm(packed)
        # h_n: (num_layers * num_directions, batch, hidden_size)
        if self.bidirectional:
            last = torch.cat([h_n[-2], h_n[-1]], dim=1)
        else:
            last = h_n[-1]
        return self.out(last)  # (batch, n_classes) logits


def pad_batch(arrays):
    """Stack variable-length ``(len_i, d)`` arrays into a zero-padded tensor.

    Returns ``{"x": (batch, max_len, d) float32, "lengths": (batch,) int64}``.
    """
    lengths = np.fromiter((len(a) for a in arrays), dtype=np.int64, count=len(arrays))
    width = arrays[0].shape[1]
    x = np.zeros((len(arrays), int(lengths.max()), width), dtype=np.float32)
    for i, a in enumerate(arrays):
        x[i, : len(a)] = a
    return {"x": torch.from_numpy(x), "lengths": torch.from_numpy(lengths)}


def collate_sequences(batch):
    """DataLoader collate function for (sequence vectors, label) pairs."""
    arrays, labels = zip(*batch)
    return pad_batch(arrays), torch.as_tensor(np.asarray(labels), dtype=torch.long)
