//go:build !amd64 || purego

package gemm

func microKernels32() []microKernel[float32] { return []microKernel[float32]{goMicro[float32](16)} }
func microKernels64() []microKernel[float64] { return []microKernel[float64]{goMicro[float64](8)} }

var (
	vectorKernels32 = vectorKernels[float32]{axpy4Go[float32], dot4Go[float32]}
	vectorKernels64 = vectorKernels[float64]{axpy4Go[float64], dot4Go[float64]}
)
