#!/usr/bin/python3
"""Write the bench-size models that go run ./bench/onnxrt times.

Run with Debian's python3 (apt-get install python3-torch python3-onnx python3-sklearn):

    /usr/bin/python3 bench/onnxrt/gen_models.py [--out bench/onnxrt/models]

Classic ML models are fitted with scikit-learn and written as ai.onnx.ml
graphs the way scripts/gen_onnx.py writes its test models (its tree_attrs
is reused); neural nets are exported from PyTorch with random weights. The
files are several megabytes in all, so they go into a gitignored folder and
are regenerated, deterministically, when needed.
"""
import argparse
import os
import sys

import onnx
import torch
from onnx import TensorProto, helper
from sklearn.datasets import make_classification, make_regression
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier, RandomForestRegressor
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.svm import SVC, SVR

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
from gen_onnx import tree_attrs  # noqa: E402

ML = "ai.onnx.ml"
FEATURES = 30


def save_node(out, name, node, n_out):
    """Save one node reading X [N, 30] as out/name.onnx; n_out is its score width."""
    x = helper.make_tensor_value_info("X", TensorProto.FLOAT, [None, FEATURES])
    if n_out == 1 or node.domain != ML:
        outputs = [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [None, n_out])]
    else:
        outputs = [helper.make_tensor_value_info("label", TensorProto.INT64, [None]),
                   helper.make_tensor_value_info("scores", TensorProto.FLOAT, [None, n_out])]
    graph = helper.make_graph([node], name, [x], outputs)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid(ML, 1)],
                              producer_name="slipway bench/onnxrt/gen_models.py")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(out, name + ".onnx"))


def floor(out):
    """An Identity on [N, 30]: what a call costs on each side before any work."""
    save_node(out, "floor_identity", helper.make_node("Identity", ["X"], ["Y"]), 30)


def classic(out):
    X, y = make_classification(n_samples=2000, n_features=FEATURES, n_informative=12, random_state=0)
    Xr, yr = make_regression(n_samples=2000, n_features=FEATURES, n_informative=12, noise=5, random_state=0)

    rf = RandomForestClassifier(n_estimators=100, max_depth=8, random_state=0).fit(X, y)
    n = len(rf.estimators_)
    # Only the positive class's probability, as skl2onnx writes a binary
    # forest: with weights for both classes onnxruntime labels a row
    # positive whenever its probability is above 0 (scikit-learn: above 0.5).
    a = tree_attrs(rf.estimators_, "class_", lambda tr, i: [(0, tr.value[i][0][1] / tr.value[i][0].sum() / n)])
    save_node(out, "rf100_classifier", helper.make_node("TreeEnsembleClassifier", ["X"], ["label", "scores"], domain=ML,
                                                      classlabels_int64s=[0, 1], **a), 2)

    rfr = RandomForestRegressor(n_estimators=100, max_depth=8, random_state=0).fit(Xr, yr)
    a = tree_attrs(rfr.estimators_, "target_", lambda tr, i: [(0, tr.value[i][0][0])])
    save_node(out, "rf100_regressor", helper.make_node("TreeEnsembleRegressor", ["X"], ["Y"], domain=ML, n_targets=1,
                                                     aggregate_function="AVERAGE", **a), 1)

    gb = GradientBoostingClassifier(n_estimators=100, max_depth=3, random_state=0).fit(X, y)
    a = tree_attrs(gb.estimators_[:, 0], "class_", lambda tr, i: [(0, gb.learning_rate * tr.value[i][0][0])])
    base = float(gb._raw_predict_init(X[:1])[0][0])
    save_node(out, "gbm100_classifier", helper.make_node("TreeEnsembleClassifier", ["X"], ["label", "scores"], domain=ML,
                                                       post_transform="LOGISTIC", base_values=[base],
                                                       classlabels_int64s=[0, 1], **a), 2)

    X3, y3 = make_classification(n_samples=2000, n_features=FEATURES, n_informative=12, n_classes=3, random_state=0)
    lr = LogisticRegression(max_iter=1000).fit(X3, y3)
    save_node(out, "linear_classifier", helper.make_node("LinearClassifier", ["X"], ["label", "scores"], domain=ML,
                                                       post_transform="SOFTMAX", classlabels_ints=[0, 1, 2],
                                                       coefficients=lr.coef_.ravel().tolist(),
                                                       intercepts=lr.intercept_.tolist()), 3)

    lin = LinearRegression().fit(Xr, yr)
    save_node(out, "linear_regressor", helper.make_node("LinearRegressor", ["X"], ["Y"], domain=ML, targets=1,
                                                      coefficients=lin.coef_.tolist(),
                                                      intercepts=[float(lin.intercept_)]), 1)

    svc = SVC(kernel="rbf", gamma="scale", random_state=0).fit(X[:500], y[:500])
    save_node(out, "svm_classifier", helper.make_node("SVMClassifier", ["X"], ["label", "scores"], domain=ML,
                                                    kernel_type="RBF", kernel_params=[svc._gamma, 0.0, 3.0],
                                                    support_vectors=svc.support_vectors_.ravel().tolist(),
                                                    vectors_per_class=svc.n_support_.tolist(),
                                                    coefficients=svc.dual_coef_.ravel().tolist(),
                                                    rho=svc.intercept_.tolist(), classlabels_ints=[0, 1]), 2)

    svr = SVR(kernel="rbf", gamma="scale", C=100).fit(Xr[:500], yr[:500])
    save_node(out, "svm_regressor", helper.make_node("SVMRegressor", ["X"], ["Y"], domain=ML, kernel_type="RBF",
                                                   kernel_params=[svr._gamma, 0.0, 3.0], n_supports=len(svr.support_),
                                                   support_vectors=svr.support_vectors_.ravel().tolist(),
                                                   coefficients=svr.dual_coef_.ravel().tolist(),
                                                   rho=svr.intercept_.tolist()), 1)


class Block(torch.nn.Module):
    """A ResNet basic block: two 3x3 convolutions with batch norm and a shortcut."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        nn = torch.nn
        self.body = nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(),
                                  nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout))
        self.short = nn.Identity() if stride == 1 and cin == cout else nn.Sequential(
            nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        return torch.relu(self.body(x) + self.short(x))


class ResNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        nn = torch.nn
        self.stem = nn.Sequential(nn.Conv2d(3, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU())
        self.blocks = nn.Sequential(Block(16, 16, 1), Block(16, 32, 2), Block(32, 64, 2))
        self.head = nn.Linear(64, 10)

    def forward(self, x):
        x = self.blocks(self.stem(x))
        x = torch.nn.functional.adaptive_avg_pool2d(x, 1)  # GlobalAveragePool
        return torch.softmax(self.head(torch.flatten(x, 1)), dim=1)


class Encoder(torch.nn.Module):
    def __init__(self):
        super().__init__()
        layer = torch.nn.TransformerEncoderLayer(d_model=128, nhead=4, dim_feedforward=512, dropout=0.0, batch_first=True)
        self.enc = torch.nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)

    def forward(self, x):
        return self.enc(x)


class LSTM(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(64, 128, batch_first=True)
        self.head = torch.nn.Linear(128, 10)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.head(out[:, -1])


def randomize_norms(net):
    """Give batch norms non-trivial statistics, as a trained net has."""
    for m in net.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 2.0)
            m.weight.data.uniform_(0.5, 1.5)
            m.bias.data.uniform_(-0.2, 0.2)


def neural(out):
    torch.manual_seed(0)
    nn = torch.nn
    nets = {
        "mlp_784_512_512_10": (nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(),
                                             nn.Linear(512, 10)), (1, 784)),
        "resnet_3x64x64": (ResNet(), (1, 3, 64, 64)),
        "transformer_d128_l2_s32": (Encoder(), (1, 32, 128)),
        "lstm_h128_s32": (LSTM(), (1, 32, 64)),
    }
    for name, (net, shape) in nets.items():
        randomize_norms(net)
        net.eval()
        # Not under torch.no_grad(): there the encoder takes a fused fast
        # path that does not export.
        torch.onnx.export(net, torch.randn(*shape), os.path.join(out, name + ".onnx"), opset_version=17,
                          input_names=["x"], output_names=["y"], dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}})


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "models"))
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    floor(args.out)
    classic(args.out)
    neural(args.out)


if __name__ == "__main__":
    main()
