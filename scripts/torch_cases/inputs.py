"""Input makers: each takes the batch size and returns a tensor."""
import torch

# Batch sizes of the data sets: the export's, then another one for cases
# whose batch axis is dynamic; cases with a dynamic sequence axis also
# change its length with the batch.
BATCHES = (2, 3)
SEQ = {2: 5, 3: 7}


def rand(*shape):
    return lambda b: torch.randn(b, *shape)


def seq_first(*shape):
    """A (seq, batch, ...) input."""
    return lambda b: torch.randn(shape[0], b, *shape[1:])


def ids(n, vocab=20):
    return lambda b: torch.randint(1, vocab, (b, n))


def padded_ids(n):
    def make(b):
        x = torch.randint(1, 20, (b, n))
        for i in range(b):
            x[i, n - 1 - i:] = 0  # right padding of varying length
        return x
    return make


def padding_mask(n):
    def make(b):
        m = torch.zeros(b, n, dtype=torch.bool)
        for i in range(b):
            m[i, n - 1 - i:] = True
        m[0, :] = False
        return m
    return make


def seq(*shape):
    """A (batch, seq, ...) input whose sequence length changes with the
    batch."""
    return lambda b: torch.randn(b, SEQ[b], *shape)


def seq_ids(b):
    return torch.randint(1, 20, (b, SEQ[b]))


def seq_mask(b):
    m = torch.ones(b, SEQ[b], dtype=torch.long)
    m[1, 3:] = 0
    return m


def key_padding(n):
    """A (batch, n) mask hiding the last key."""
    return lambda b: torch.tensor([[False] * (n - 1) + [True]] * b)
