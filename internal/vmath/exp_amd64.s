//go:build !purego

#include "textflag.h"

// The constants of exp32 (vmath_amd64.s has the same), with clamps wide
// enough that the result overflows to +Inf and underflows to 0 itself.
DATA expConsts<>+0(SB)/4, $0xc2d00000 // lo: -104
DATA expConsts<>+4(SB)/4, $0x42b20000 // hi: 89
DATA expConsts<>+8(SB)/4, $0x3fb8aa3b // log2e
DATA expConsts<>+12(SB)/4, $0x3f318000 // ln2Hi
DATA expConsts<>+16(SB)/4, $0x395e8083 // ln2Lo
DATA expConsts<>+20(SB)/4, $0x3f800000 // one
DATA expConsts<>+24(SB)/4, $0x0000007f // bias
DATA expConsts<>+28(SB)/4, $0x39506967 // p0
DATA expConsts<>+32(SB)/4, $0x3ab743ce // p1
DATA expConsts<>+36(SB)/4, $0x3c088908 // p2
DATA expConsts<>+40(SB)/4, $0x3d2aa9c1 // p3
DATA expConsts<>+44(SB)/4, $0x3e2aaaaa // p4
DATA expConsts<>+48(SB)/4, $0x3f000000 // p5
GLOBL expConsts<>(SB), RODATA|NOPTR, $52

// func expAVX2(n int, v *float32)
// v[0:n] = e^v; n is a multiple of 8. x = n·ln2 + r as in exp32, but
// 2^n is applied as 2^(n>>1)·2^(n-n>>1) so that n may run from -150 to
// 128: each factor stays a normal float and the last product rounds to
// +Inf or into the subnormals once.
TEXT ·expAVX2(SB), NOSPLIT, $0-16
	MOVQ n+0(FP), CX
	MOVQ v+8(FP), DI
	SHRQ $3, CX
	JEQ  expDone
	VBROADCASTSS expConsts<>+0(SB), Y8
	VBROADCASTSS expConsts<>+4(SB), Y9
	VBROADCASTSS expConsts<>+8(SB), Y10
	VBROADCASTSS expConsts<>+12(SB), Y11
	VBROADCASTSS expConsts<>+16(SB), Y12
	VBROADCASTSS expConsts<>+20(SB), Y13
	VBROADCASTSS expConsts<>+24(SB), Y14
	VBROADCASTSS expConsts<>+28(SB), Y15
	VBROADCASTSS expConsts<>+32(SB), Y3
	VBROADCASTSS expConsts<>+36(SB), Y4
	VBROADCASTSS expConsts<>+40(SB), Y5
	VBROADCASTSS expConsts<>+44(SB), Y6
	VBROADCASTSS expConsts<>+48(SB), Y7

expLoop:
	VMOVUPS (DI), Y0
	// The clamps take x as their second source so that NaNs pass through.
	VMAXPS       Y0, Y8, Y0
	VMINPS       Y0, Y9, Y0
	VMULPS       Y10, Y0, Y1
	VROUNDPS     $0, Y1, Y1
	VFNMADD231PS Y11, Y1, Y0
	VFMADD231PS  Y12, Y1, Y0
	VMOVAPS      Y15, Y2
	VFMADD213PS  Y3, Y0, Y2
	VFMADD213PS  Y4, Y0, Y2
	VFMADD213PS  Y5, Y0, Y2
	VFMADD213PS  Y6, Y0, Y2
	VFMADD213PS  Y7, Y0, Y2
	VMULPS       Y0, Y2, Y2
	VFMADD213PS  Y0, Y0, Y2
	VADDPS       Y13, Y2, Y2
	VCVTPS2DQ    Y1, Y1
	VPSRAD       $1, Y1, Y0
	VPSUBD       Y0, Y1, Y1
	VPADDD       Y14, Y0, Y0
	VPSLLD       $23, Y0, Y0
	VPADDD       Y14, Y1, Y1
	VPSLLD       $23, Y1, Y1
	VMULPS       Y0, Y2, Y2
	VMULPS       Y1, Y2, Y2
	VMOVUPS      Y2, (DI)
	ADDQ         $32, DI
	DECQ         CX
	JNZ          expLoop
	VZEROUPPER

expDone:
	RET
