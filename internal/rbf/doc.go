// Package rbf evaluates the radial basis function kernel exp(−γ‖x−v‖²) of a
// support vector machine between one input and many support vectors, the
// bulk of an RBF model's prediction, for scikit-learn's SVMs and ONNX's
// SVMClassifier and SVMRegressor alike.
//
// The contract is bit-exactness with libsvm: every squared distance is
// summed over the features in order, one multiply and one add per term (no
// fused multiply-add), as libsvm's scalar loop does, whether the AVX2 kernel
// sums 32 support vectors at once in vector lanes or the portable loop runs.
// Exp, the one approximation, is within 2 ulp of math.Exp, and its AVX2
// kernel (four lanes) returns Exp's bits. Tests check all three claims.
package rbf
