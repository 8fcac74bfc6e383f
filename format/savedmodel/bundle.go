package savedmodel

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"

	"google.golang.org/protobuf/proto"

	"github.com/slipwayml/slipway/format/savedmodel/tfpb"
	"github.com/slipwayml/slipway/tensor"
)

// maxBundleShards bounds the shard count a hostile header can claim.
const maxBundleShards = 1 << 16

// Bundle is a TensorFlow TensorBundle checkpoint: the variables.index table
// of BundleEntryProto and the variables.data-NNNNN-of-NNNNN shards.
type Bundle struct {
	prefix  string
	shards  int
	entries map[string]*tfpb.BundleEntryProto
}

// OpenBundle reads the index of the bundle at prefix (for a SavedModel,
// dir/variables/variables).
func OpenBundle(prefix string) (*Bundle, error) {
	data, err := readLimited(prefix + ".index")
	if err != nil {
		return nil, fmt.Errorf("read bundle index: %w", err)
	}
	raw, err := readTable(data)
	if err != nil {
		return nil, err
	}
	b := &Bundle{prefix: prefix, entries: map[string]*tfpb.BundleEntryProto{}}
	for k, v := range raw {
		if k == "" {
			var h tfpb.BundleHeaderProto
			if err := proto.Unmarshal(v, &h); err != nil {
				return nil, fmt.Errorf("decode bundle header: %w", err)
			}
			if h.GetEndianness() != tfpb.BundleHeaderProto_LITTLE {
				return nil, fmt.Errorf("big-endian bundle: %w", ErrUnsupported)
			}
			if h.GetNumShards() < 0 || h.GetNumShards() > maxBundleShards {
				return nil, fmt.Errorf("bundle header claims %d shards", h.GetNumShards())
			}
			b.shards = int(h.GetNumShards())
			continue
		}
		var e tfpb.BundleEntryProto
		if err := proto.Unmarshal(v, &e); err != nil {
			return nil, fmt.Errorf("decode bundle entry %q: %w", k, err)
		}
		b.entries[k] = &e
	}
	return b, nil
}

// Keys lists the tensors the bundle holds.
func (b *Bundle) Keys() []string {
	keys := make([]string, 0, len(b.entries))
	for k := range b.entries {
		keys = append(keys, k)
	}
	return keys
}

// Tensor reads the tensor stored under key, checking its crc32c.
func (b *Bundle) Tensor(key string) (*tensor.Tensor, error) {
	e, ok := b.entries[key]
	if !ok {
		return nil, fmt.Errorf("checkpoint has no tensor %q", key)
	}
	if len(e.GetSlices()) > 0 {
		return nil, fmt.Errorf("checkpoint tensor %q is partitioned: %w", key, ErrUnsupported)
	}
	if e.GetShardId() < 0 || int(e.GetShardId()) >= b.shards {
		return nil, fmt.Errorf("checkpoint tensor %q in shard %d of %d", key, e.GetShardId(), b.shards)
	}
	dt, err := fromDataType(e.GetDtype())
	if err != nil {
		return nil, fmt.Errorf("checkpoint tensor %q: %w", key, err)
	}
	shape, err := fromShape(e.GetShape())
	if err != nil {
		return nil, fmt.Errorf("checkpoint tensor %q: %w", key, err)
	}
	n, err := tensor.NumElements(shape)
	if err != nil {
		return nil, fmt.Errorf("checkpoint tensor %q: %w", key, err)
	}
	if e.GetOffset() < 0 || e.GetSize() < 0 || e.GetSize() > math.MaxInt32*4 {
		return nil, fmt.Errorf("checkpoint tensor %q has offset %d size %d", key, e.GetOffset(), e.GetSize())
	}
	size := int64(dt.Size())
	if e.GetDtype() == tfpb.DataType_DT_BFLOAT16 {
		size = 2
	}
	if dt != tensor.String && int64(n)*size != e.GetSize() {
		return nil, fmt.Errorf("checkpoint tensor %q: %d bytes for %v %v", key, e.GetSize(), dt, shape)
	}
	raw, err := b.read(int(e.GetShardId()), e.GetOffset(), e.GetSize())
	if err != nil {
		return nil, fmt.Errorf("checkpoint tensor %q: %w", key, err)
	}
	if dt == tensor.String {
		return decodeBundleStrings(shape, n, raw)
	}
	if got := crc32.Checksum(raw, castagnoli); got != unmaskCRC(e.GetCrc32C()) {
		return nil, fmt.Errorf("checkpoint tensor %q: crc32c %#x, want %#x", key, got, unmaskCRC(e.GetCrc32C()))
	}
	if e.GetDtype() == tfpb.DataType_DT_BFLOAT16 {
		return decodeBF16(shape, n, raw)
	}
	return fromLittleEndian(dt, shape, raw)
}

func (b *Bundle) read(shard int, off, size int64) ([]byte, error) {
	name := fmt.Sprintf("%s.data-%05d-of-%05d", b.prefix, shard, b.shards)
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if off+size > fi.Size() {
		return nil, fmt.Errorf("bytes [%d, +%d) outside the %d-byte shard %s", off, size, fi.Size(), name)
	}
	buf := make([]byte, size)
	if _, err := f.ReadAt(buf, off); err != nil && err != io.EOF {
		return nil, err
	}
	return buf, nil
}

// decodeBundleStrings reads a string tensor: n varint lengths, a crc32c of
// the lengths, then the bytes. The crc covers the lengths as fixed-width
// integers, which the varint form does not give back cheaply; the bounds
// checks here stand in for it.
func decodeBundleStrings(shape []int, n int, raw []byte) (*tensor.Tensor, error) {
	lens := make([]uint64, n)
	for i := range lens {
		l, k := binary.Uvarint(raw)
		if k <= 0 {
			return nil, fmt.Errorf("string tensor: bad length %d", i)
		}
		lens[i], raw = l, raw[k:]
	}
	if len(raw) < 4 {
		return nil, fmt.Errorf("string tensor: missing length checksum")
	}
	raw = raw[4:]
	out := make([]string, n)
	for i, l := range lens {
		if l > uint64(len(raw)) {
			return nil, fmt.Errorf("string tensor: element %d of %d bytes overruns the data", i, l)
		}
		out[i], raw = string(raw[:l]), raw[l:]
	}
	return tensor.New(shape, out)
}
