package serve

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/slipwayml/slipway/internal/jsonvalue"
	"github.com/slipwayml/slipway/tensor"
)

// TF Serving's :classify and :regress take tf.Examples written as JSON
// objects of features; the model's signature parses them from serialized
// protos. serializeExamples writes those protos with TensorFlow's field
// numbers (tensorflow/core/example/{example,feature}.proto), so serve needs
// no format's schema.
const (
	exampleFeatures  = 1 // Example.features
	featuresFeature  = 1 // Features.feature, map<string, Feature>
	mapKey, mapValue = 1, 2
	featureBytesList = 1 // Feature.bytes_list
	featureFloatList = 2 // Feature.float_list
	featureInt64List = 3 // Feature.int64_list
	listValue        = 1 // {Bytes,Float,Int64}List.value
)

// serializeExamples encodes each example, with the context's features
// merged in (the example's win on a shared name, as protobuf merging
// does), into a string tensor of shape [len(examples)].
func serializeExamples(examples []any, context *jsonvalue.Object) (*tensor.Tensor, error) {
	if len(examples) == 0 {
		return nil, badRequest(errors.New(`"examples" is empty`))
	}
	var shared []byte
	if context != nil {
		var err error
		if shared, err = appendFeatureEntries(nil, context); err != nil {
			return nil, badRequest(fmt.Errorf("context: %w", err))
		}
	}
	out := make([]string, len(examples))
	for i, e := range examples {
		obj, ok := e.(*jsonvalue.Object)
		if !ok {
			return nil, badRequest(fmt.Errorf("example %d is not a JSON object of features", i))
		}
		// Clipped, so that appending copies shared rather than writing
		// into its spare capacity.
		features, err := appendFeatureEntries(slices.Clip(shared), obj)
		if err != nil {
			return nil, badRequest(fmt.Errorf("example %d: %w", i, err))
		}
		b := protowire.AppendTag(nil, exampleFeatures, protowire.BytesType)
		out[i] = string(protowire.AppendBytes(b, features))
	}
	return tensor.New([]int{len(out)}, out)
}

// appendFeatureEntries appends one Features.feature map entry per member
// of obj.
func appendFeatureEntries(b []byte, obj *jsonvalue.Object) ([]byte, error) {
	for i, name := range obj.Keys {
		feature, err := encodeFeature(obj.Values[i])
		if err != nil {
			return nil, fmt.Errorf("feature %q: %w", name, err)
		}
		entry := protowire.AppendTag(nil, mapKey, protowire.BytesType)
		entry = protowire.AppendString(entry, name)
		entry = protowire.AppendTag(entry, mapValue, protowire.BytesType)
		entry = protowire.AppendBytes(entry, feature)
		b = protowire.AppendTag(b, featuresFeature, protowire.BytesType)
		b = protowire.AppendBytes(b, entry)
	}
	return b, nil
}

// encodeFeature encodes a Feature from a value or a list of values, as
// TF Serving reads them: strings and {"b64": ...} are bytes, a list of
// integer literals is int64s, and other numbers are floats.
func encodeFeature(v any) ([]byte, error) {
	v, err := decodeB64(v)
	if err != nil {
		return nil, err
	}
	values, ok := v.([]any)
	if !ok {
		values = []any{v}
	}
	var list []byte
	field := featureInt64List
	for _, e := range values {
		switch e := e.(type) {
		case string:
			field = featureBytesList
		case jsonvalue.Number:
			if _, err := strconv.ParseInt(string(e), 10, 64); err != nil && field == featureInt64List {
				field = featureFloatList
			}
		default:
			return nil, errors.New("values must be strings or numbers")
		}
	}
	for _, e := range values {
		switch field {
		case featureBytesList:
			s, ok := e.(string)
			if !ok {
				return nil, errors.New("mixes strings and numbers")
			}
			list = protowire.AppendTag(list, listValue, protowire.BytesType)
			list = protowire.AppendString(list, s)
		case featureFloatList:
			f, err := strconv.ParseFloat(string(e.(jsonvalue.Number)), 32)
			if err != nil && !errors.Is(err, strconv.ErrRange) {
				return nil, fmt.Errorf("%s is not a float", e)
			}
			list = protowire.AppendFixed32(list, math.Float32bits(float32(f)))
		case featureInt64List:
			n, _ := strconv.ParseInt(string(e.(jsonvalue.Number)), 10, 64) // checked above
			list = protowire.AppendVarint(list, uint64(n))
		}
	}
	if field != featureBytesList {
		// Float and int64 values are packed.
		list = protowire.AppendBytes(protowire.AppendTag(nil, listValue, protowire.BytesType), list)
	}
	b := protowire.AppendTag(nil, protowire.Number(field), protowire.BytesType)
	return protowire.AppendBytes(b, list), nil
}
