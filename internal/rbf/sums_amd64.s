#include "textflag.h"

// func sumsAVX2(x, blocks, sums []float64)
// len(sums)/16 blocks, two at a time then a last odd one. Lane l of
// accumulator a sums (block[16j+4a+l] − x[j])² over j in order, multiply
// then add (no FMA), as the scalar loop does; each accumulator waits on its
// own additions only, so eight of them (two blocks) keep the adder busy.
TEXT ·sumsAVX2(SB), NOSPLIT, $0-72
	MOVQ blocks_base+24(FP), DI
	MOVQ sums_base+48(FP), DX
	MOVQ sums_len+56(FP), BX
	SHRQ $4, BX
	MOVQ x_len+8(FP), R8
	SHLQ $7, R8              // bytes per block: len(x)·16·8

pair:
	CMPQ BX, $2
	JLT  single
	MOVQ x_base+0(FP), SI
	MOVQ x_len+8(FP), CX
	LEAQ (DI)(R8*1), R9      // the second block
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7

pairloop:
	VBROADCASTSD (SI), Y8
	VSUBPD       0(DI), Y8, Y9    // x − v, squared alike
	VSUBPD       32(DI), Y8, Y10
	VSUBPD       64(DI), Y8, Y11
	VSUBPD       96(DI), Y8, Y12
	VMULPD       Y9, Y9, Y9
	VMULPD       Y10, Y10, Y10
	VMULPD       Y11, Y11, Y11
	VMULPD       Y12, Y12, Y12
	VADDPD       Y9, Y0, Y0
	VADDPD       Y10, Y1, Y1
	VADDPD       Y11, Y2, Y2
	VADDPD       Y12, Y3, Y3
	VSUBPD       0(R9), Y8, Y9
	VSUBPD       32(R9), Y8, Y10
	VSUBPD       64(R9), Y8, Y11
	VSUBPD       96(R9), Y8, Y12
	VMULPD       Y9, Y9, Y9
	VMULPD       Y10, Y10, Y10
	VMULPD       Y11, Y11, Y11
	VMULPD       Y12, Y12, Y12
	VADDPD       Y9, Y4, Y4
	VADDPD       Y10, Y5, Y5
	VADDPD       Y11, Y6, Y6
	VADDPD       Y12, Y7, Y7
	ADDQ         $8, SI
	ADDQ         $128, DI
	ADDQ         $128, R9
	DECQ         CX
	JNE          pairloop

	VMOVUPD Y0, 0(DX)
	VMOVUPD Y1, 32(DX)
	VMOVUPD Y2, 64(DX)
	VMOVUPD Y3, 96(DX)
	VMOVUPD Y4, 128(DX)
	VMOVUPD Y5, 160(DX)
	VMOVUPD Y6, 192(DX)
	VMOVUPD Y7, 224(DX)
	ADDQ    $256, DX
	MOVQ    R9, DI           // past the second block
	SUBQ    $2, BX
	JMP     pair

single:
	TESTQ BX, BX
	JEQ   done
	MOVQ  x_base+0(FP), SI
	MOVQ  x_len+8(FP), CX
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3

singleloop:
	VBROADCASTSD (SI), Y8
	VSUBPD       0(DI), Y8, Y9
	VSUBPD       32(DI), Y8, Y10
	VSUBPD       64(DI), Y8, Y11
	VSUBPD       96(DI), Y8, Y12
	VMULPD       Y9, Y9, Y9
	VMULPD       Y10, Y10, Y10
	VMULPD       Y11, Y11, Y11
	VMULPD       Y12, Y12, Y12
	VADDPD       Y9, Y0, Y0
	VADDPD       Y10, Y1, Y1
	VADDPD       Y11, Y2, Y2
	VADDPD       Y12, Y3, Y3
	ADDQ         $8, SI
	ADDQ         $128, DI
	DECQ         CX
	JNE          singleloop

	VMOVUPD Y0, 0(DX)
	VMOVUPD Y1, 32(DX)
	VMOVUPD Y2, 64(DX)
	VMOVUPD Y3, 96(DX)

done:
	VZEROUPPER
	RET
