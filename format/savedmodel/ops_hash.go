package savedmodel

import (
	"encoding/binary"
	"fmt"
	"math/bits"

	"github.com/slipwayml/slipway/tensor"
)

// stringToHashBucketFastOp is StringToHashBucketFast, Keras's Hashing
// layer without a salt: Fingerprint64(s) mod num_buckets.
var stringToHashBucketFastOp = tensorKernel(1, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	s, ok := tensor.Values[string](in[0])
	if !ok {
		return nil, fmt.Errorf("input is %v, want STRING", in[0].DType())
	}
	n := c.attrInt("num_buckets", 0)
	if n < 1 {
		return nil, fmt.Errorf("num_buckets %d, want at least 1", n)
	}
	return tensor.New(in[0].Shape(), convert(s, func(v string) int64 { return int64(fingerprint64([]byte(v)) % uint64(n)) }))
})

// stringToHashBucketStrongOp is StringToHashBucketStrong, Keras's
// Hashing layer with a salt: SipHash-2-4 keyed by the two-word key
// attribute, mod num_buckets.
var stringToHashBucketStrongOp = tensorKernel(1, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	s, ok := tensor.Values[string](in[0])
	if !ok {
		return nil, fmt.Errorf("input is %v, want STRING", in[0].DType())
	}
	n, key := c.attrInt("num_buckets", 0), c.attrInts("key")
	if n < 1 || len(key) != 2 {
		return nil, fmt.Errorf("num_buckets %d and key %v: want at least 1 bucket and 2 key words", n, key)
	}
	return tensor.New(in[0].Shape(), convert(s, func(v string) int64 {
		return int64(sipHash(uint64(key[0]), uint64(key[1]), []byte(v)) % uint64(n))
	}))
})

// sipHash is SipHash-2-4 with the key (k0, k1).
func sipHash(k0, k1 uint64, s []byte) uint64 {
	v := [4]uint64{k0 ^ 0x736f6d6570736575, k1 ^ 0x646f72616e646f6d, k0 ^ 0x6c7967656e657261, k1 ^ 0x7465646279746573}
	round := func() {
		v[0] += v[1]
		v[1] = bits.RotateLeft64(v[1], 13) ^ v[0]
		v[0] = bits.RotateLeft64(v[0], 32)
		v[2] += v[3]
		v[3] = bits.RotateLeft64(v[3], 16) ^ v[2]
		v[0] += v[3]
		v[3] = bits.RotateLeft64(v[3], 21) ^ v[0]
		v[2] += v[1]
		v[1] = bits.RotateLeft64(v[1], 17) ^ v[2]
		v[2] = bits.RotateLeft64(v[2], 32)
	}
	compress := func(m uint64) {
		v[3] ^= m
		round()
		round()
		v[0] ^= m
	}
	n := len(s)
	for ; len(s) >= 8; s = s[8:] {
		compress(fetch64(s))
	}
	var tail [8]byte
	copy(tail[:], s)
	tail[7] = byte(n)
	compress(binary.LittleEndian.Uint64(tail[:]))
	v[2] ^= 0xff
	for range 4 {
		round()
	}
	return v[0] ^ v[1] ^ v[2] ^ v[3]
}

// fingerprint64 is TensorFlow's Fingerprint64, FarmHash's
// farmhashna::Hash64.
func fingerprint64(s []byte) uint64 {
	switch n := len(s); {
	case n <= 16:
		return farmLen0to16(s)
	case n <= 32:
		return farmLen17to32(s)
	case n <= 64:
		return farmLen33to64(s)
	}
	return farmLong(s)
}

const (
	farmK0 = 0xc3a5c85c97cb3127
	farmK1 = 0xb492b66fbe98f273
	farmK2 = 0x9ae16a3b2f90404f
)

func fetch64(s []byte) uint64     { return binary.LittleEndian.Uint64(s) }
func fetch32(s []byte) uint64     { return uint64(binary.LittleEndian.Uint32(s)) }
func rotr(v uint64, n int) uint64 { return bits.RotateLeft64(v, -n) }
func shiftMix(v uint64) uint64    { return v ^ v>>47 }

func farmLen16(u, v, mul uint64) uint64 {
	a := (u ^ v) * mul
	a ^= a >> 47
	b := (v ^ a) * mul
	b ^= b >> 47
	return b * mul
}

func farmLen0to16(s []byte) uint64 {
	n := uint64(len(s))
	switch {
	case n >= 8:
		mul := farmK2 + n*2
		a := fetch64(s) + farmK2
		b := fetch64(s[n-8:])
		c := rotr(b, 37)*mul + a
		d := (rotr(a, 25) + b) * mul
		return farmLen16(c, d, mul)
	case n >= 4:
		mul := farmK2 + n*2
		return farmLen16(n+fetch32(s)<<3, fetch32(s[n-4:]), mul)
	case n > 0:
		y := uint32(s[0]) + uint32(s[n>>1])<<8
		z := uint32(n) + uint32(s[n-1])<<2
		return shiftMix(uint64(y)*farmK2^uint64(z)*farmK0) * farmK2
	}
	return farmK2
}

func farmLen17to32(s []byte) uint64 {
	_, _, z := farmEnds(s, farmK1)
	return z
}

func farmLen33to64(s []byte) uint64 {
	n := uint64(len(s))
	mul := farmK2 + n*2
	a, y, z := farmEnds(s, farmK2)
	e := fetch64(s[16:]) * mul
	f := fetch64(s[24:])
	g := (y + fetch64(s[n-32:])) * mul
	h := (z + fetch64(s[n-24:])) * mul
	return farmLen16(rotr(e+f, 43)+rotr(g, 30)+h, e+rotr(f+a, 18)+g, mul)
}

// farmEnds mixes the first and last 16 bytes of s, its first word scaled
// by k: all of a 17- to 32-byte hash (z) and the start of a longer one,
// which goes on from a, y and z.
func farmEnds(s []byte, k uint64) (a, y, z uint64) {
	n := uint64(len(s))
	mul := farmK2 + n*2
	a = fetch64(s) * k
	b := fetch64(s[8:])
	c := fetch64(s[n-8:]) * mul
	d := fetch64(s[n-16:]) * farmK2
	y = rotr(a+b, 43) + rotr(c, 30) + d
	return a, y, farmLen16(y, a+rotr(b+farmK2, 18)+c, mul)
}

// weak32 hashes 32 bytes with two seeds into two words.
func weak32(s []byte, a, b uint64) (uint64, uint64) {
	w, x, y, z := fetch64(s), fetch64(s[8:]), fetch64(s[16:]), fetch64(s[24:])
	a += w
	b = rotr(b+a+z, 21)
	c := a
	a += x + y
	b += rotr(a, 44)
	return a + z, b + c
}

// farmLong hashes more than 64 bytes, 64 at a time, then the last 64.
func farmLong(s []byte) uint64 {
	n := len(s)
	x := uint64(81) // the seed
	y := x*farmK1 + 113
	z := shiftMix(y*farmK2+113) * farmK2
	var v0, v1, w0, w1 uint64
	x = x*farmK2 + fetch64(s)
	last := s[n-64:]
	for p := s[:(n-1)/64*64]; len(p) > 0; p = p[64:] {
		x = rotr(x+y+v0+fetch64(p[8:]), 37) * farmK1
		y = rotr(y+v1+fetch64(p[48:]), 42) * farmK1
		x ^= w1
		y += v0 + fetch64(p[40:])
		z = rotr(z+w0, 33) * farmK1
		v0, v1 = weak32(p, v1*farmK1, x+w0)
		w0, w1 = weak32(p[32:], z+w1, y+fetch64(p[16:]))
		z, x = x, z
	}
	mul := farmK1 + (z&0xff)<<1
	w0 += uint64((n - 1) & 63)
	v0 += w0
	w0 += v0
	x = rotr(x+y+v0+fetch64(last[8:]), 37) * mul
	y = rotr(y+v1+fetch64(last[48:]), 42) * mul
	x ^= w1 * 9
	y += v0*9 + fetch64(last[40:])
	z = rotr(z+w0, 33) * mul
	v0, v1 = weak32(last, v1*mul, x+w0)
	w0, w1 = weak32(last[32:], z+w1, y+fetch64(last[16:]))
	z, x = x, z
	return farmLen16(farmLen16(v0, w0, mul)+shiftMix(y)*farmK0+z, farmLen16(v1, w1, mul)+x, mul)
}
