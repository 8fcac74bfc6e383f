#!/usr/bin/python3
"""Generate ONNX test models for the ai.onnx.ml operators and their reference outputs.

Run with Debian's python3 (apt-get install python3-onnx python3-sklearn):

    /usr/bin/python3 scripts/gen_onnx.py

Each case fits a scikit-learn estimator, writes the ONNX graph that computes
it (built by hand from the fitted state with onnx.helper) and records
scikit-learn's own outputs as the expected values, in the layout of ONNX's
backend node tests: testdata/onnx/<case>/model.onnx and
test_data_set_0/{input,output}_<i>.pb. format/onnx's conformance test runs
them. Models are a few kilobytes each.
"""
import os
import shutil

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from sklearn.datasets import make_classification, make_regression
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier, RandomForestRegressor
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.preprocessing import Binarizer, LabelEncoder, Normalizer, OneHotEncoder, StandardScaler
from sklearn.svm import SVC, SVR

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata", "onnx")
FUZZ = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "format", "onnx", "testdata", "fuzz")
ML = "ai.onnx.ml"
RNG = np.random.default_rng(0)


def tensor_info(name, dtype, shape):
    return helper.make_tensor_value_info(name, dtype, shape)


def write(case, nodes, inputs, outputs, feeds, expected, initializers=(), ml_opset=1, functions=()):
    """Save a one-graph model and its test data set.

    inputs/outputs: ValueInfoProtos; feeds/expected: numpy arrays (or
    Sequence/Map protos), in order; functions: model-local FunctionProtos.
    """
    graph = helper.make_graph(nodes, case, inputs, outputs, list(initializers))
    opsets = [helper.make_opsetid("", 13), helper.make_opsetid(ML, ml_opset)]
    opsets += [helper.make_opsetid(f.domain, 1) for f in functions]
    model = helper.make_model(graph, opset_imports=opsets, functions=list(functions), producer_name="slipway gen_onnx.py")
    model.ir_version = 8
    onnx.checker.check_model(model)
    folder = os.path.join(ROOT, case)
    os.makedirs(folder)
    onnx.save(model, os.path.join(folder, "model.onnx"))
    write_set(case, 0, feeds, expected)


def write_set(case, n, feeds, expected):
    """Save test_data_set_<n> of a case."""
    data = os.path.join(ROOT, case, f"test_data_set_{n}")
    os.makedirs(data)
    for kind, values in (("input", feeds), ("output", expected)):
        for i, v in enumerate(values):
            proto = v if not isinstance(v, np.ndarray) else numpy_helper.from_array(v)
            with open(os.path.join(data, f"{kind}_{i}.pb"), "wb") as f:
                f.write(proto.SerializeToString())


def map_info(name, key_type, value_type):
    tp = onnx.TypeProto()
    tp.map_type.key_type = key_type
    tp.map_type.value_type.CopyFrom(helper.make_tensor_type_proto(value_type, []))
    return helper.make_value_info(name, tp)


def seq_map_info(name, key_type):
    """seq(map(key_type, float)), the type of a ZipMap output."""
    tp = onnx.TypeProto()
    m = tp.sequence_type.elem_type.map_type
    m.key_type = key_type
    m.value_type.CopyFrom(helper.make_tensor_type_proto(TensorProto.FLOAT, []))
    return helper.make_value_info(name, tp)


def seq_of_maps(keys, rows):
    """A SequenceProto of one map {keys[j]: row[j]} per row, as ZipMap makes
    it: keys sorted, as onnxruntime's std::map keeps them."""
    seq = onnx.SequenceProto()
    seq.elem_type = onnx.SequenceProto.MAP
    for row in rows:
        seq.map_values.append(map_proto({k: np.float32(v) for k, v in sorted(zip(keys, row))}))
    return seq


def map_proto(d):
    """A MapProto of d: string or int keys, each value a scalar tensor."""
    m = onnx.MapProto()
    keys = list(d)
    if isinstance(keys[0], str):
        m.key_type = TensorProto.STRING
        m.string_keys.extend(k.encode() for k in keys)
    else:
        m.key_type = TensorProto.INT64
        m.keys.extend(keys)
    m.values.CopyFrom(numpy_helper.from_list([np.array(d[k]) for k in keys]))
    return m


def features(n=10, f=4):
    return RNG.normal(size=(n, f)).astype(np.float32)


def linear_regressor():
    X, y = make_regression(n_samples=40, n_features=4, n_targets=3, random_state=0)
    est = LinearRegression().fit(X, y)
    node = helper.make_node("LinearRegressor", ["X"], ["Y"], domain=ML, targets=3,
                            coefficients=est.coef_.ravel().tolist(), intercepts=est.intercept_.tolist())
    x = features()
    write("ml_linear_regressor", [node], [tensor_info("X", TensorProto.FLOAT, [None, 4])],
          [tensor_info("Y", TensorProto.FLOAT, [None, 3])], [x], [est.predict(x).astype(np.float32)])


def linear_classifier():
    X, y = make_classification(n_samples=80, n_features=4, n_informative=3, n_redundant=0, n_classes=3, random_state=0)
    est = LogisticRegression(max_iter=500).fit(X, y)
    node = helper.make_node("LinearClassifier", ["X"], ["label", "proba"], domain=ML, post_transform="SOFTMAX",
                            classlabels_ints=[int(c) for c in est.classes_],
                            coefficients=est.coef_.ravel().tolist(), intercepts=est.intercept_.tolist())
    x = features()
    write("ml_linear_classifier", [node], [tensor_info("X", TensorProto.FLOAT, [None, 4])],
          [tensor_info("label", TensorProto.INT64, [None]), tensor_info("proba", TensorProto.FLOAT, [None, 3])],
          [x], [est.predict(x).astype(np.int64), est.predict_proba(x).astype(np.float32)])


def scaler_normalizer_binarizer():
    X = np.abs(features(20, 3)) + 0.1
    sc = StandardScaler().fit(X)
    node = helper.make_node("Scaler", ["X"], ["Y"], domain=ML, offset=sc.mean_.tolist(), scale=(1 / sc.scale_).tolist())
    write("ml_scaler", [node], [tensor_info("X", TensorProto.FLOAT, [None, 3])],
          [tensor_info("Y", TensorProto.FLOAT, [None, 3])], [X], [sc.transform(X).astype(np.float32)])
    for norm, onnx_norm in (("l1", "L1"), ("l2", "L2"), ("max", "MAX")):
        node = helper.make_node("Normalizer", ["X"], ["Y"], domain=ML, norm=onnx_norm)
        write(f"ml_normalizer_{norm}", [node], [tensor_info("X", TensorProto.FLOAT, [None, 3])],
              [tensor_info("Y", TensorProto.FLOAT, [None, 3])], [X], [Normalizer(norm=norm).transform(X).astype(np.float32)])
    b = Binarizer(threshold=0.7)
    node = helper.make_node("Binarizer", ["X"], ["Y"], domain=ML, threshold=0.7)
    write("ml_binarizer", [node], [tensor_info("X", TensorProto.FLOAT, [None, 3])],
          [tensor_info("Y", TensorProto.FLOAT, [None, 3])], [X], [b.transform(X).astype(np.float32)])


def imputer():
    X = features(12, 3)
    X[RNG.random(X.shape) < 0.25] = np.nan
    imp = SimpleImputer(strategy="mean").fit(X)
    node = helper.make_node("Imputer", ["X"], ["Y"], domain=ML, imputed_value_floats=imp.statistics_.tolist(),
                            replaced_value_float=float("nan"))
    write("ml_imputer", [node], [tensor_info("X", TensorProto.FLOAT, [None, 3])],
          [tensor_info("Y", TensorProto.FLOAT, [None, 3])], [X], [imp.transform(X).astype(np.float32)])


def encoders():
    cats = np.array([3, 1, 4, 1, 5, 9, 2, 6], dtype=np.int64)
    enc = OneHotEncoder(handle_unknown="ignore").fit(cats.reshape(-1, 1))
    x = np.array([1, 9, 7, 3, 2], dtype=np.int64)
    node = helper.make_node("OneHotEncoder", ["X"], ["Y"], domain=ML, cats_int64s=[int(c) for c in enc.categories_[0]])
    write("ml_one_hot_encoder", [node], [tensor_info("X", TensorProto.INT64, [None])],
          [tensor_info("Y", TensorProto.FLOAT, [None, len(enc.categories_[0])])], [x],
          [enc.transform(x.reshape(-1, 1)).toarray().astype(np.float32)])

    words = np.array(["pear", "apple", "fig", "kiwi", "apple"])
    le = LabelEncoder().fit(words)
    x = np.array(["fig", "kiwi", "apple", "pear"])
    codes = le.transform(x).astype(np.int64)
    node = helper.make_node("LabelEncoder", ["X"], ["Y"], domain=ML, keys_strings=le.classes_.tolist(),
                            values_int64s=list(range(len(le.classes_))))
    write("ml_label_encoder", [node], [tensor_info("X", TensorProto.STRING, [None])],
          [tensor_info("Y", TensorProto.INT64, [None])], [x.astype(object)], [codes], ml_opset=2)
    node = helper.make_node("CategoryMapper", ["X"], ["Y"], domain=ML, cats_strings=le.classes_.tolist(),
                            cats_int64s=list(range(len(le.classes_))))
    write("ml_category_mapper", [node], [tensor_info("X", TensorProto.INT64, [None])],
          [tensor_info("Y", TensorProto.STRING, [None])], [codes], [le.inverse_transform(codes).astype(object)])


def tree_attrs(trees, prefix, weights_of):
    """The nodes_* and <prefix>* attributes of sklearn trees; weights_of(tree, node) -> [(target, weight)]."""
    a = {k: [] for k in ("nodes_treeids", "nodes_nodeids", "nodes_featureids", "nodes_modes", "nodes_values",
                         "nodes_truenodeids", "nodes_falsenodeids", prefix + "treeids", prefix + "nodeids",
                         prefix + "ids", prefix + "weights")}
    for t, tree in enumerate(trees):
        tr = tree.tree_
        for i in range(tr.node_count):
            leaf = tr.children_left[i] == -1
            a["nodes_treeids"].append(t)
            a["nodes_nodeids"].append(i)
            a["nodes_featureids"].append(0 if leaf else int(tr.feature[i]))
            a["nodes_modes"].append("LEAF" if leaf else "BRANCH_LEQ")
            a["nodes_values"].append(0.0 if leaf else float(tr.threshold[i]))
            a["nodes_truenodeids"].append(0 if leaf else int(tr.children_left[i]))
            a["nodes_falsenodeids"].append(0 if leaf else int(tr.children_right[i]))
            if leaf:
                for target, w in weights_of(tr, i):
                    a[prefix + "treeids"].append(t)
                    a[prefix + "nodeids"].append(i)
                    a[prefix + "ids"].append(target)
                    a[prefix + "weights"].append(float(w))
    return a


def trees():
    X, y = make_regression(n_samples=60, n_features=4, random_state=1)
    rf = RandomForestRegressor(n_estimators=3, max_depth=4, random_state=0).fit(X, y)
    a = tree_attrs(rf.estimators_, "target_", lambda tr, i: [(0, tr.value[i][0][0])])
    node = helper.make_node("TreeEnsembleRegressor", ["X"], ["Y"], domain=ML, n_targets=1, aggregate_function="AVERAGE", **a)
    x = features()
    write("ml_tree_ensemble_regressor", [node], [tensor_info("X", TensorProto.FLOAT, [None, 4])],
          [tensor_info("Y", TensorProto.FLOAT, [None, 1])], [x], [rf.predict(x).astype(np.float32).reshape(-1, 1)])

    X, y = make_classification(n_samples=90, n_features=4, n_informative=3, n_redundant=0, n_classes=3, random_state=1)
    rfc = RandomForestClassifier(n_estimators=3, max_depth=4, random_state=0).fit(X, y)
    n = len(rfc.estimators_)

    def proba(tr, i):
        v = tr.value[i][0]
        return [(c, p / v.sum() / n) for c, p in enumerate(v)]

    a = tree_attrs(rfc.estimators_, "class_", proba)
    node = helper.make_node("TreeEnsembleClassifier", ["X"], ["label", "proba"], domain=ML,
                            classlabels_int64s=[int(c) for c in rfc.classes_], **a)
    write("ml_tree_ensemble_classifier", [node], [tensor_info("X", TensorProto.FLOAT, [None, 4])],
          [tensor_info("label", TensorProto.INT64, [None]), tensor_info("proba", TensorProto.FLOAT, [None, 3])],
          [x], [rfc.predict(x).astype(np.int64), rfc.predict_proba(x).astype(np.float32)])

    X, y = make_classification(n_samples=90, n_features=4, random_state=2)
    gb = GradientBoostingClassifier(n_estimators=4, max_depth=2, random_state=0).fit(X, y)
    a = tree_attrs(gb.estimators_[:, 0], "class_", lambda tr, i: [(0, gb.learning_rate * tr.value[i][0][0])])
    base = float(gb._raw_predict_init(x[:1])[0][0])
    node = helper.make_node("TreeEnsembleClassifier", ["X"], ["label", "proba"], domain=ML, post_transform="LOGISTIC",
                            base_values=[base], classlabels_int64s=[0, 1], **a)
    write("ml_tree_ensemble_classifier_binary", [node], [tensor_info("X", TensorProto.FLOAT, [None, 4])],
          [tensor_info("label", TensorProto.INT64, [None]), tensor_info("proba", TensorProto.FLOAT, [None, 2])],
          [x], [gb.predict(x).astype(np.int64), gb.predict_proba(x).astype(np.float32)])


def svms():
    X, y = make_regression(n_samples=40, n_features=4, random_state=3)
    svr = SVR(kernel="rbf", gamma=0.2, C=10).fit(X, y)
    node = helper.make_node("SVMRegressor", ["X"], ["Y"], domain=ML, kernel_type="RBF", kernel_params=[0.2, 0.0, 3.0],
                            n_supports=len(svr.support_), support_vectors=svr.support_vectors_.ravel().tolist(),
                            coefficients=svr.dual_coef_.ravel().tolist(), rho=svr.intercept_.tolist())
    x = features()
    write("ml_svm_regressor", [node], [tensor_info("X", TensorProto.FLOAT, [None, 4])],
          [tensor_info("Y", TensorProto.FLOAT, [None, 1])], [x], [svr.predict(x).astype(np.float32).reshape(-1, 1)])

    X, y = make_classification(n_samples=90, n_features=4, n_informative=3, n_redundant=0, n_classes=3, random_state=3)
    for name, est in (("ml_svm_classifier", SVC(kernel="rbf", gamma=0.3, decision_function_shape="ovo")),
                      ("ml_svm_classifier_proba", SVC(kernel="poly", degree=2, gamma=0.3, coef0=1, probability=True, random_state=0))):
        est.fit(X, y)
        attrs = dict(kernel_type=est.kernel.upper(), kernel_params=[est._gamma, est.coef0, float(est.degree)],
                     support_vectors=est.support_vectors_.ravel().tolist(), vectors_per_class=est.n_support_.tolist(),
                     coefficients=est.dual_coef_.ravel().tolist(), rho=est.intercept_.tolist(),
                     classlabels_ints=[int(c) for c in est.classes_])
        scores = est.decision_function(x)
        if est.probability:
            attrs.update(prob_a=est.probA_.tolist(), prob_b=est.probB_.tolist())
            scores = est.predict_proba(x)
        node = helper.make_node("SVMClassifier", ["X"], ["label", "scores"], domain=ML, **attrs)
        write(name, [node], [tensor_info("X", TensorProto.FLOAT, [None, 4])],
              [tensor_info("label", TensorProto.INT64, [None]), tensor_info("scores", TensorProto.FLOAT, [None, 3])],
              [x], [est.predict(x).astype(np.int64), scores.astype(np.float32)])


def features_and_maps():
    x = features(5, 4)
    node = helper.make_node("ArrayFeatureExtractor", ["X", "cols"], ["Y"], domain=ML)
    cols = helper.make_tensor("cols", TensorProto.INT64, [2], [2, 0])
    write("ml_array_feature_extractor", [node], [tensor_info("X", TensorProto.FLOAT, [None, 4])],
          [tensor_info("Y", TensorProto.FLOAT, [None, 2])], [x], [x[:, [2, 0]]], initializers=[cols])

    a, b = features(5, 2), features(5, 3)
    node = helper.make_node("FeatureVectorizer", ["A", "B"], ["Y"], domain=ML, inputdimensions=[2, 3])
    write("ml_feature_vectorizer", [node], [tensor_info("A", TensorProto.FLOAT, [None, 2]), tensor_info("B", TensorProto.FLOAT, [None, 3])],
          [tensor_info("Y", TensorProto.FLOAT, [None, 5])], [a, b], [np.hstack([a, b])])

    from sklearn.feature_extraction import DictVectorizer
    rows = [{"b": 2.0, "a": 1.0}, {"c": 3.5}]
    dv = DictVectorizer(sparse=False).fit(rows)
    sample = {"c": 4.0, "a": -1.5}
    node = helper.make_node("DictVectorizer", ["X"], ["Y"], domain=ML, string_vocabulary=dv.feature_names_)
    write("ml_dict_vectorizer", [node], [map_info("X", TensorProto.STRING, TensorProto.FLOAT)],
          [tensor_info("Y", TensorProto.FLOAT, [1, len(dv.feature_names_)])],
          [map_proto({k: np.float32(v) for k, v in sample.items()})], [dv.transform([sample]).astype(np.float32)])

    node = helper.make_node("CastMap", ["X"], ["Y"], domain=ML, cast_to="TO_FLOAT", map_form="SPARSE", max_map=5)
    want = np.array([[0, 2.5, 0, -1, 0]], dtype=np.float32)
    write("ml_cast_map", [node], [map_info("X", TensorProto.INT64, TensorProto.STRING)], [tensor_info("Y", TensorProto.FLOAT, [1, 5])],
          [map_proto({3: np.array("-1", dtype=object), 1: np.array("2.5", dtype=object)})], [want])


def classifier_nodes(est, inp, labels_attr):
    """est as skl2onnx writes a classifier: a LinearClassifier whose labels
    go out through Identity and whose probabilities go through a ZipMap (and
    here an Identity, which a server must see through)."""
    classes = [int(c) for c in est.classes_] if labels_attr == "ints" else [str(c) for c in est.classes_]
    nodes = [helper.make_node("LinearClassifier", [inp], ["label", "probabilities"], domain=ML, post_transform="SOFTMAX",
                              coefficients=est.coef_.ravel().tolist(), intercepts=est.intercept_.tolist(),
                              **{"classlabels_" + labels_attr: classes}),
             helper.make_node("Identity", ["label"], ["output_label"]),
             helper.make_node("ZipMap", ["probabilities"], ["zipped"], domain=ML,
                              **{("classlabels_int64s" if labels_attr == "ints" else "classlabels_strings"): classes}),
             helper.make_node("Identity", ["zipped"], ["output_probability"])]
    return nodes, classes


def zipmap_and_dicts():
    """Classifiers that end in a ZipMap, and one that reads a map through a
    DictVectorizer, with scikit-learn's predictions and probabilities."""
    X, y = make_classification(n_samples=80, n_features=4, n_informative=3, n_redundant=0, n_classes=3, random_state=1)
    y = np.array([10, 2, 7])[y]  # labels whose text order is not their numeric order
    est = LogisticRegression(max_iter=500).fit(X, y)
    nodes, classes = classifier_nodes(est, "X", "ints")
    x = features(6, 4)
    write("ml_zipmap_classifier", nodes, [tensor_info("X", TensorProto.FLOAT, [None, 4])],
          [tensor_info("output_label", TensorProto.INT64, [None]), seq_map_info("output_probability", TensorProto.INT64)],
          [x], [est.predict(x).astype(np.int64), seq_of_maps(classes, est.predict_proba(x))])

    # Scores that JSON shows exactly, under labels given out of order, for
    # the protocol tests.
    x = np.array([[0.25, 0.5, 0.25], [0.125, 0.0, 0.875]], dtype=np.float32)
    labels = ["b", "c", "a"]
    nodes = [helper.make_node("ArgMax", ["X"], ["output_label"], axis=1, keepdims=0),
             helper.make_node("ZipMap", ["X"], ["output_probability"], domain=ML, classlabels_strings=labels)]
    write("ml_zipmap_strings", nodes, [tensor_info("X", TensorProto.FLOAT, [None, 3])],
          [tensor_info("output_label", TensorProto.INT64, [None]), seq_map_info("output_probability", TensorProto.STRING)],
          [x], [np.argmax(x, axis=1), seq_of_maps(labels, x)])

    from sklearn.feature_extraction import DictVectorizer
    from sklearn.pipeline import make_pipeline
    keys = ["weight", "age", "height", "speed"]
    train = [{k: float(v) for k, v in zip(keys, row) if v > -0.5} for row in RNG.normal(size=(90, 4))]
    labels = ["mid", "high", "low"]
    y = [labels[int(sum(r.values()) > 0.5) + int(sum(r.values()) > 1.5)] for r in train]
    pipe = make_pipeline(DictVectorizer(sparse=False), LogisticRegression(max_iter=500)).fit(train, y)
    dv, lr = pipe.steps[0][1], pipe.steps[1][1]
    nodes, classes = classifier_nodes(lr, "features", "strings")
    nodes.insert(0, helper.make_node("DictVectorizer", ["X"], ["features"], domain=ML, string_vocabulary=dv.feature_names_))
    rows = [{"age": 1.5, "weight": -0.25}, {"height": 2.0, "speed": 0.75, "age": 0.5}, {"speed": -1.0}, {"age": 0.0, "height": 0.5}]
    case = "ml_dict_vectorizer_classifier"
    for i, r in enumerate(rows):
        feeds = [map_proto({k: np.float32(v) for k, v in r.items()})]
        want = [np.array(pipe.predict([r]), dtype=object), seq_of_maps(classes, pipe.predict_proba([r]))]
        if i == 0:
            write(case, nodes, [map_info("X", TensorProto.STRING, TensorProto.FLOAT)],
                  [tensor_info("output_label", TensorProto.STRING, [None]), seq_map_info("output_probability", TensorProto.STRING)],
                  feeds, want)
        else:
            write_set(case, i, feeds, want)


def local_function():
    """A model-local function with an attribute reference, called twice."""
    body = [helper.make_node("Add", ["a", "b"], ["s"]),
            helper.make_node("LeakyRelu", ["s"], ["out"], alpha=0.0)]
    body[1].attribute[0].ref_attr_name = "alpha"
    fn = helper.make_function("slipway.test", "AddLeaky", ["a", "b"], ["out"], body,
                              [helper.make_opsetid("", 13)], attributes=["alpha"])
    nodes = [helper.make_node("AddLeaky", ["x", "y"], ["h"], domain="slipway.test", alpha=0.1),
             helper.make_node("AddLeaky", ["h", "y"], ["z"], domain="slipway.test", alpha=0.5)]
    f = lambda n: helper.make_tensor_value_info(n, TensorProto.FLOAT, [None, 3])
    x, y = features(4, 3), features(4, 3)
    leaky = lambda v, alpha: np.where(v < 0, alpha * v, v)
    z = leaky(leaky(x + y, 0.1) + y, 0.5).astype(np.float32)
    write("function_local", nodes, [f("x"), f("y")], [f("z")], [x, y], [z], functions=[fn])


def fuzz_seeds():
    """Tiny graphs of common operators that seed FuzzLoad."""
    def save(name, nodes, inputs, outputs, inits=()):
        g = helper.make_graph(nodes, name, inputs, outputs, list(inits))
        m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)])
        m.ir_version = 8
        onnx.save(m, os.path.join(FUZZ, name + ".onnx"))

    f = lambda n, s: helper.make_tensor_value_info(n, TensorProto.FLOAT, s)
    save("add_relu", [helper.make_node("Add", ["x", "y"], ["s"]), helper.make_node("Relu", ["s"], ["z"])],
         [f("x", [None, 3]), f("y", [3])], [f("z", [None, 3])])
    save("gemm_softmax", [helper.make_node("Gemm", ["x", "w"], ["g"], transB=1), helper.make_node("Softmax", ["g"], ["z"])],
         [f("x", [None, 2])], [f("z", [None, 2])], [helper.make_tensor("w", TensorProto.FLOAT, [2, 2], [1, 2, 3, 4])])
    save("reshape_transpose", [helper.make_node("Reshape", ["x", "s"], ["r"]), helper.make_node("Transpose", ["r"], ["z"], perm=[1, 0])],
         [f("x", [2, 3])], [f("z", [3, 2])], [helper.make_tensor("s", TensorProto.INT64, [2], [2, 3])])


def main():
    shutil.rmtree(ROOT, ignore_errors=True)
    fuzz_seeds()
    for gen in (linear_regressor, linear_classifier, scaler_normalizer_binarizer, imputer, encoders, trees, svms,
                features_and_maps, local_function, zipmap_and_dicts):
        gen()


if __name__ == "__main__":
    main()
