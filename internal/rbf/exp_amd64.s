#include "textflag.h"

// func expAVX2(scale float64, v []float64) int
// Exp (exp.go) in four lanes, step for step in the same order, multiply and
// add kept apart (no FMA). The constants come from expConsts, 32 bytes each.
TEXT ·expAVX2(SB), NOSPLIT, $0-40
	VBROADCASTSD scale+0(FP), Y15
	MOVQ v_base+8(FP), DI
	MOVQ v_len+16(FP), CX
	SHRQ $2, CX
	XORQ AX, AX
	LEAQ ·expTable(SB), R8
	LEAQ ·expConsts(SB), R9
	VMOVUPD 0(R9), Y6    // N/ln2
	VMOVUPD 32(R9), Y7   // shift
	VMOVUPD 64(R9), Y8   // hi
	VMOVUPD 96(R9), Y9   // lo
	VMOVUPD 128(R9), Y10 // 1/120
	VMOVUPD 160(R9), Y11 // 1/24
	VMOVUPD 192(R9), Y12 // 1/6
	VMOVUPD 224(R9), Y13 // 1/2
	VMOVUPD 256(R9), Y14 // 1
	TESTQ CX, CX
	JEQ  done

loop:
	VMOVUPD (DI)(AX*8), Y0
	VMULPD  Y15, Y0, Y0 // x = scale·v

	// Stop before a group with x outside (min, max) or NaN.
	VCMPPD    $0x1e, 288(R9), Y0, Y1 // x > min, ordered
	VCMPPD    $0x11, 320(R9), Y0, Y2 // x < max, ordered
	VANDPD    Y2, Y1, Y1
	VMOVMSKPD Y1, BX
	CMPQ      BX, $15
	JNE       done

	VMULPD Y6, Y0, Y1 // kd = x·N/ln2 + shift
	VADDPD Y7, Y1, Y1
	VSUBPD Y7, Y1, Y2 // k = kd − shift
	VPSUBQ Y7, Y1, Y1 // ki = bits(kd) − bits(shift)
	VMULPD Y8, Y2, Y3 // r = (x − k·hi) − k·lo
	VSUBPD Y3, Y0, Y3
	VMULPD Y9, Y2, Y4
	VSUBPD Y4, Y3, Y3
	VPAND  352(R9), Y1, Y5 // j = ki & (N−1)
	VPSUBQ Y5, Y1, Y1      // 2^e's bits: ((ki − j) >> 7 + 1023) << 52, and
	VPSLLQ $45, Y1, Y1     // as 128 divides ki − j, (ki − j) >> 7 << 52 = (ki − j) << 45
	VPADDQ 384(R9), Y1, Y1

	// p = 1 + r·(1 + r·(1/2 + r·(1/6 + r·(1/24 + r·(1/120)))))
	VMULPD Y10, Y3, Y4
	VADDPD Y11, Y4, Y4
	VMULPD Y3, Y4, Y4
	VADDPD Y12, Y4, Y4
	VMULPD Y3, Y4, Y4
	VADDPD Y13, Y4, Y4
	VMULPD Y3, Y4, Y4
	VADDPD Y14, Y4, Y4
	VMULPD Y3, Y4, Y4
	VADDPD Y14, Y4, Y4

	VPCMPEQQ   Y2, Y2, Y2          // gather every lane
	VGATHERQPD Y2, (R8)(Y5*8), Y0 // table[j]
	VMULPD     Y4, Y0, Y0          // table[j] · p · 2^e
	VMULPD     Y1, Y0, Y0
	VMOVUPD    Y0, (DI)(AX*8)
	ADDQ       $4, AX
	DECQ       CX
	JNE        loop

done:
	MOVQ AX, ret+32(FP)
	VZEROUPPER
	RET
