"""Recurrent networks and embeddings: LSTM, GRU, RNN, their cells, and control flow kept by scripting."""
import torch
from torch import nn

from torch_cases.inputs import ids, padded_ids, rand, seq, seq_first


class Recurrent(nn.Module):
    def __init__(self, rnn):
        super().__init__()
        self.rnn = rnn

    def forward(self, x):
        return self.rnn(x)


class RecurrentWithState(nn.Module):
    def __init__(self, rnn):
        super().__init__()
        self.rnn = rnn

    def forward(self, x, h0, c0):
        return self.rnn(x, (h0, c0))


class RecurrentClassifier(nn.Module):
    """The common sequence classifier: embedding, LSTM, last hidden state."""

    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(20, 6)
        self.lstm = nn.LSTM(6, 5, batch_first=True)
        self.fc = nn.Linear(5, 3)

    def forward(self, ids):
        _, (h, _) = self.lstm(self.emb(ids))
        return torch.softmax(self.fc(h[-1]), dim=-1)


class RecurrentStates(nn.Module):
    """A GRU and an RNN from given initial states."""

    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(4, 5, batch_first=True, num_layers=2)
        self.rnn = nn.RNN(4, 5, batch_first=True)

    def forward(self, x, h):
        return self.gru(x, h), self.rnn(x, h[:1])


class Cells(nn.Module):
    """An LSTMCell and a GRUCell unrolled in Python."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTMCell(4, 5)
        self.gru = nn.GRUCell(5, 3)

    def forward(self, x):
        h = c = torch.zeros(x.shape[0], 5)
        g = torch.zeros(x.shape[0], 3)
        outs = []
        for step in x.unbind(1):
            h, c = self.lstm(step, (h, c))
            g = self.gru(h, g)
            outs.append(g)
        return torch.stack(outs, 1)


class EmbeddingClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.tok = nn.Embedding(20, 8, padding_idx=0)
        self.pos = nn.Embedding(16, 8)
        self.norm = nn.LayerNorm(8)
        self.head = nn.Linear(8, 3)

    def forward(self, ids):
        positions = torch.arange(ids.shape[1]).unsqueeze(0)
        h = self.norm(self.tok(ids) + self.pos(positions))
        keep = (ids != 0).unsqueeze(-1).float()
        pooled = (h * keep).sum(1) / keep.sum(1).clamp(min=1)
        return torch.log_softmax(self.head(pooled), dim=-1)


@torch.jit.script
def scripted_scan(x: torch.Tensor, steps: int) -> torch.Tensor:
    acc = torch.zeros_like(x[:, 0])
    for i in range(steps):
        if i % 2 == 0:
            acc = acc + x[:, i]
        else:
            acc = acc * 0.5 - x[:, i]
    return acc


@torch.jit.script
def scripted_rnn(x: torch.Tensor) -> torch.Tensor:
    outs: list[torch.Tensor] = []
    h = torch.zeros_like(x[:, 0])
    for i in range(x.shape[1]):
        h = torch.tanh(h + x[:, i])
        outs.append(h)
    return torch.stack(outs, 1)


@torch.jit.script
def scripted_branch(x: torch.Tensor) -> torch.Tensor:
    if bool(x.sum() > 0):
        return x * 2
    return x - 1


class Scripted(nn.Module):
    """Control flow kept by scripting: the export holds Loop and If, a list
    built in the loop (SequenceInsert, ConcatFromSequence) and a branch on
    the data."""

    def forward(self, x):
        return scripted_scan(x, x.shape[1]), scripted_rnn(x), scripted_branch(x)


def lstm(**kw):
    return Recurrent(nn.LSTM(4, 5, **kw))


# name (ending in the opset), module factory, input makers, options: see gen_torch.py.
CASES = [
    ("embedding_op13", EmbeddingClassifier, [padded_ids(6)], {}),
    ("lstm_op11", lambda: lstm(), [seq_first(5, 4)], {"batch_axes": {"x0": 1, "y0": 1, "y1": 1, "y2": 1}}),
    ("lstm_bidir2_op13", lambda: lstm(num_layers=2, bidirectional=True, batch_first=True), [rand(5, 4)],
     {"batch_axes": {"x0": 0, "y0": 0, "y1": 1, "y2": 1}}),
    ("lstm_state_op14", lambda: RecurrentWithState(nn.LSTM(4, 5, num_layers=2, batch_first=True)),
     [rand(5, 4), lambda b: torch.randn(2, b, 5), lambda b: torch.randn(2, b, 5)],
     {"batch_axes": {"x0": 0, "x1": 1, "x2": 1, "y0": 0, "y1": 1, "y2": 1}}),
    ("lstm_classifier_op13", RecurrentClassifier, [ids(6)], {}),
    ("gru_op13", lambda: Recurrent(nn.GRU(4, 5, batch_first=True)), [rand(5, 4)],
     {"batch_axes": {"x0": 0, "y0": 0, "y1": 1}}),
    ("gru_bidir2_op11", lambda: Recurrent(nn.GRU(4, 5, num_layers=2, bidirectional=True)), [seq_first(5, 4)],
     {"batch_axes": {"x0": 1, "y0": 1, "y1": 1}}),
    ("rnn_tanh_op13", lambda: Recurrent(nn.RNN(4, 5, batch_first=True)), [rand(5, 4)],
     {"batch_axes": {"x0": 0, "y0": 0, "y1": 1}}),
    ("rnn_relu_bidir_op17", lambda: Recurrent(nn.RNN(4, 5, nonlinearity="relu", bidirectional=True, num_layers=2)),
     [seq_first(5, 4)], {"batch_axes": {"x0": 1, "y0": 1, "y1": 1}}),
    ("lstm_seq_op13", lambda: lstm(batch_first=True), [seq(4)],
     {"batch_axes": {"x0": 0, "y0": 0, "y1": 1, "y2": 1}, "seq_axes": {"x0": 1, "y0": 1}}),
    ("scripted_op13", Scripted, [rand(5, 3)], {}),
    ("cells_op13", Cells, [rand(4, 4)], {}),
    ("recurrent_states_op13", RecurrentStates, [rand(5, 4), lambda b: torch.randn(2, b, 5)],
     {"batch_axes": {"x0": 0, "x1": 1, "y0": 0, "y1": 1, "y2": 0, "y3": 1}}),
    ("embedding_bag_op13", lambda: nn.EmbeddingBag(10, 4, mode="mean"),
     [lambda b: torch.randint(0, 10, (b, 3))], {}),
]
