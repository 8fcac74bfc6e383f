"""MLPs and classification heads, with the export options that change a graph's shape:
no constant folding, initializers listed as inputs, float64."""
import torch
import torch.nn.functional as F
from torch import nn

from torch_cases.inputs import rand


class MLP(nn.Module):
    def __init__(self, act):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(8, 16), act, nn.Dropout(0.3), nn.LayerNorm(16), nn.Linear(16, 4))

    def forward(self, x):
        return self.net(x)


class Heads(nn.Module):
    """Softmax on inner axes and on the batch axis, which opsets before 13
    can only express by transposing around a 2-D Softmax."""

    def forward(self, x):
        return F.softmax(x, dim=-1), F.log_softmax(x, dim=1), F.softmax(x, dim=0) * 2


# name (ending in the opset), module factory, input makers, options: see gen_torch.py.
CASES = [
    ("mlp_relu_op11", lambda: MLP(nn.ReLU()), [rand(8)], {}),
    ("mlp_relu_op13", lambda: MLP(nn.ReLU()), [rand(8)], {}),
    ("mlp_gelu_op13", lambda: MLP(nn.GELU()), [rand(8)], {}),
    ("mlp_gelu_op17", lambda: MLP(nn.GELU()), [rand(8)], {}),
    ("mlp_tanh_nofold_op13", lambda: MLP(nn.Tanh()), [rand(8)], {"export": {"do_constant_folding": False}}),
    ("mlp_init_inputs_op11", lambda: MLP(nn.Sigmoid()), [rand(8)],
     {"export": {"keep_initializers_as_inputs": True}}),
    ("heads_op11", Heads, [rand(3, 5)], {"batch_axes": None}),
    ("heads_op13", Heads, [rand(3, 5)], {"batch_axes": None}),
    ("mlp_float64_op13", lambda: MLP(nn.ReLU()).double(), [lambda b: torch.randn(b, 8, dtype=torch.float64)], {}),
]
