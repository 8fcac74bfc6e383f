//go:build !purego

#include "textflag.h"

// FINISH is the body of finishF32AVX2 and finishF64AVX2: BCAST, ADD and
// MAX are the instructions for the element type, SHIFT the log2 of the
// elements per vector. Y1 holds zeros: MAX returns its second source (the
// sum) when that is NaN or both are zeros, and adding +0 then turns -0 into
// +0, so that Relu matches Go's max(x, 0) bit for bit.
#define FINISH(BCAST, ADD, MAX, SHIFT) \
	MOVQ n+0(FP), CX \
	MOVQ c+8(FP), DI \
	BCAST b+16(FP), Y0 \
	MOVQ r+24(FP), SI \
	MOVBLZX relu+32(FP), DX \
	VXORPS Y1, Y1, Y1 \
	XORQ BX, BX \
	SHRQ $SHIFT, CX \
	JEQ done \
	TESTQ SI, SI \
	JEQ bias \
	TESTQ DX, DX \
	JEQ residual \
residualRelu: \
	ADD (DI)(BX*1), Y0, Y2 \
	ADD (SI)(BX*1), Y2, Y2 \
	MAX Y2, Y1, Y2 \
	ADD Y1, Y2, Y2 \
	VMOVUPS Y2, (DI)(BX*1) \
	ADDQ $32, BX \
	DECQ CX \
	JNE residualRelu \
	JMP done \
residual: \
	ADD (DI)(BX*1), Y0, Y2 \
	ADD (SI)(BX*1), Y2, Y2 \
	VMOVUPS Y2, (DI)(BX*1) \
	ADDQ $32, BX \
	DECQ CX \
	JNE residual \
	JMP done \
bias: \
	TESTQ DX, DX \
	JEQ biasOnly \
biasRelu: \
	ADD (DI)(BX*1), Y0, Y2 \
	MAX Y2, Y1, Y2 \
	ADD Y1, Y2, Y2 \
	VMOVUPS Y2, (DI)(BX*1) \
	ADDQ $32, BX \
	DECQ CX \
	JNE biasRelu \
	JMP done \
biasOnly: \
	ADD (DI)(BX*1), Y0, Y2 \
	VMOVUPS Y2, (DI)(BX*1) \
	ADDQ $32, BX \
	DECQ CX \
	JNE biasOnly \
done: \
	VZEROUPPER \
	RET

// func finishF32AVX2(n int, c *float32, b float32, r *float32, relu bool)
TEXT ·finishF32AVX2(SB), NOSPLIT, $0-33
	FINISH(VBROADCASTSS, VADDPS, VMAXPS, 3)

// func finishF64AVX2(n int, c *float64, b float64, r *float64, relu bool)
TEXT ·finishF64AVX2(SB), NOSPLIT, $0-33
	FINISH(VBROADCASTSD, VADDPD, VMAXPD, 2)
