//go:build !purego

#include "textflag.h"

// Single-precision constants, broadcast into registers as needed.
DATA consts<>+0(SB)/4, $0xc2ae0000 // expLo
DATA consts<>+4(SB)/4, $0x42b00000 // expHi
DATA consts<>+8(SB)/4, $0x3fb8aa3b // log2e
DATA consts<>+12(SB)/4, $0x3f318000 // ln2Hi
DATA consts<>+16(SB)/4, $0x395e8083 // ln2Lo
DATA consts<>+20(SB)/4, $0x3f800000 // one
DATA consts<>+24(SB)/4, $0x0000007f // bias
DATA consts<>+28(SB)/4, $0x80000000 // signMask
DATA consts<>+32(SB)/4, $0x39506967 // exp0
DATA consts<>+36(SB)/4, $0x3ab743ce // exp1
DATA consts<>+40(SB)/4, $0x3c088908 // exp2
DATA consts<>+44(SB)/4, $0x3d2aa9c1 // exp3
DATA consts<>+48(SB)/4, $0x3e2aaaaa // exp4
DATA consts<>+52(SB)/4, $0x3f000000 // exp5
DATA consts<>+56(SB)/4, $0x40000000 // two
DATA consts<>+60(SB)/4, $0x3f200000 // tanhCut
DATA consts<>+64(SB)/4, $0xbbbaf0ea // tanh0
DATA consts<>+68(SB)/4, $0x3ca9134e // tanh1
DATA consts<>+72(SB)/4, $0xbd5c1e2d // tanh2
DATA consts<>+76(SB)/4, $0x3e088393 // tanh3
DATA consts<>+80(SB)/4, $0xbeaaaa99 // tanh4
GLOBL consts<>(SB), RODATA|NOPTR, $84

// LOADCONSTS keeps the constants of EXP and its callers in Y8–Y15.
#define LOADCONSTS \
	VBROADCASTSS consts<>+0(SB), Y8; \
	VBROADCASTSS consts<>+4(SB), Y9; \
	VBROADCASTSS consts<>+8(SB), Y10; \
	VBROADCASTSS consts<>+12(SB), Y11; \
	VBROADCASTSS consts<>+16(SB), Y12; \
	VBROADCASTSS consts<>+20(SB), Y13; \
	VBROADCASTSS consts<>+24(SB), Y14; \
	VBROADCASTSS consts<>+28(SB), Y15

// EXP sets Y0 to e^Y0 as exp32 computes it, with FMA; it clobbers Y1–Y3.
// The clamps take x as their second source so that NaNs pass through.
#define EXP \
	VMAXPS Y0, Y8, Y0; \
	VMINPS Y0, Y9, Y0; \
	VMULPS Y10, Y0, Y1; \
	VROUNDPS $0, Y1, Y1; \
	VFNMADD231PS Y11, Y1, Y0; \
	VFMADD231PS Y12, Y1, Y0; \
	VBROADCASTSS consts<>+32(SB), Y2; \
	VBROADCASTSS consts<>+36(SB), Y3; \
	VFMADD213PS Y3, Y0, Y2; \
	VBROADCASTSS consts<>+40(SB), Y3; \
	VFMADD213PS Y3, Y0, Y2; \
	VBROADCASTSS consts<>+44(SB), Y3; \
	VFMADD213PS Y3, Y0, Y2; \
	VBROADCASTSS consts<>+48(SB), Y3; \
	VFMADD213PS Y3, Y0, Y2; \
	VBROADCASTSS consts<>+52(SB), Y3; \
	VFMADD213PS Y3, Y0, Y2; \
	VMULPS Y0, Y0, Y3; \
	VFMADD213PS Y0, Y3, Y2; \
	VADDPS Y13, Y2, Y2; \
	VCVTPS2DQ Y1, Y1; \
	VPADDD Y14, Y1, Y1; \
	VPSLLD $23, Y1, Y1; \
	VMULPS Y1, Y2, Y0

// func sigmoidAVX2(n int, v *float32)
// v[0:n] = 1/(1+e^-v); n is a multiple of 8.
TEXT ·sigmoidAVX2(SB), NOSPLIT, $0-16
	MOVQ n+0(FP), CX
	MOVQ v+8(FP), DI
	SHRQ $3, CX
	JEQ  sigmoidDone
	LOADCONSTS

sigmoidLoop:
	VMOVUPS (DI), Y0
	VXORPS  Y15, Y0, Y0
	EXP
	VADDPS  Y13, Y0, Y0
	VDIVPS  Y0, Y13, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, DI
	DECQ    CX
	JNZ     sigmoidLoop
	VZEROUPPER

sigmoidDone:
	RET

// func tanhAVX2(n int, v *float32)
// v[0:n] = tanh(v) as tanh32 computes it, both branches blended by |x|;
// n is a multiple of 8.
TEXT ·tanhAVX2(SB), NOSPLIT, $0-16
	MOVQ n+0(FP), CX
	MOVQ v+8(FP), DI
	SHRQ $3, CX
	JEQ  tanhDone
	LOADCONSTS

tanhLoop:
	VMOVUPS (DI), Y4
	VANDNPS Y4, Y15, Y5
	VADDPS  Y5, Y5, Y0
	EXP
	VADDPS  Y13, Y0, Y0
	VBROADCASTSS consts<>+56(SB), Y1
	VDIVPS  Y0, Y1, Y0
	VSUBPS  Y0, Y13, Y0
	VANDPS  Y15, Y4, Y1
	VORPS   Y1, Y0, Y0
	VMULPS  Y4, Y4, Y1
	VBROADCASTSS consts<>+64(SB), Y2
	VBROADCASTSS consts<>+68(SB), Y3
	VFMADD213PS Y3, Y1, Y2
	VBROADCASTSS consts<>+72(SB), Y3
	VFMADD213PS Y3, Y1, Y2
	VBROADCASTSS consts<>+76(SB), Y3
	VFMADD213PS Y3, Y1, Y2
	VBROADCASTSS consts<>+80(SB), Y3
	VFMADD213PS Y3, Y1, Y2
	VMULPS  Y4, Y1, Y1
	VFMADD213PS Y4, Y1, Y2
	VBROADCASTSS consts<>+60(SB), Y3
	VCMPPS  $0x0e, Y3, Y5, Y3
	VBLENDVPS Y3, Y0, Y2, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, DI
	DECQ    CX
	JNZ     tanhLoop
	VZEROUPPER

tanhDone:
	RET
