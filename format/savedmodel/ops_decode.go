package savedmodel

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"slices"

	"github.com/slipwayml/slipway/tensor"
)

// decoders are the image formats the decode ops read, by the name
// image.DecodeConfig reports.
var decoders = map[string]func([]byte) (image.Image, error){
	"png":  func(b []byte) (image.Image, error) { return png.Decode(bytes.NewReader(b)) },
	"jpeg": func(b []byte) (image.Image, error) { return jpeg.Decode(bytes.NewReader(b)) },
}

// decodeOp is DecodePng, DecodeJpeg and DecodeImage (any of formats): an
// encoded image becomes a [height, width, channels] tensor. channels 0
// keeps the file's (1 for gray, 3 for colour, 4 with alpha); dtype is
// uint8, uint16 (values scaled by 257) or, for DecodeImage, float32 in
// [0, 1]. PNG decoding is exact; JPEG goes through Go's decoder, whose
// IDCT and chroma upsampling may differ from libjpeg's by a level or two.
func decodeOp(formats ...string) *kernel {
	return tensorKernel(1, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
		s, ok := tensor.Values[string](in[0])
		if !ok || len(s) != 1 {
			return nil, fmt.Errorf("contents must be a string scalar")
		}
		data := []byte(s[0])
		cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("decode image: %w", err)
		}
		if !slices.Contains(formats, format) {
			return nil, fmt.Errorf("image is %s, want %v", format, formats)
		}
		if _, err := checkSize([]int{cfg.Height, cfg.Width, 4}); err != nil {
			return nil, err
		}
		img, err := decoders[format](data)
		if err != nil {
			return nil, fmt.Errorf("decode %s: %w", format, err)
		}
		ch := int(c.attrInt("channels", 0))
		if ch == 0 {
			ch = fileChannels(img)
		}
		if ch != 1 && ch != 3 && ch != 4 {
			return nil, fmt.Errorf("channels %d: want 0, 1, 3 or 4", ch)
		}
		dt, err := outType(c, "dtype", tensor.Uint8)
		if err != nil {
			return nil, err
		}
		// Pixels are read as 16-bit values; 8-bit ones are v·257, so the
		// high byte is the original, as libpng's strip_16 gives.
		level := func(v uint16) float64 { return float64(v >> 8) }
		switch dt {
		case tensor.Uint16:
			level = func(v uint16) float64 { return float64(v) }
		case tensor.Float32:
			level = func(v uint16) float64 { return float64(v) / 0xffff }
		case tensor.Uint8:
		default:
			return nil, fmt.Errorf("dtype %v: %w", dt, ErrUnsupported)
		}
		b := img.Bounds()
		out := make([]float64, 0, b.Dx()*b.Dy()*ch)
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				var px [4]uint16
				if ch == 1 {
					px[0] = color.Gray16Model.Convert(img.At(x, y)).(color.Gray16).Y
				} else {
					p := color.NRGBA64Model.Convert(img.At(x, y)).(color.NRGBA64)
					px = [4]uint16{p.R, p.G, p.B, p.A}
				}
				for _, v := range px[:ch] {
					out = append(out, level(v))
				}
			}
		}
		return fromFloat64(dt, []int{b.Dy(), b.Dx(), ch}, out)
	})
}

// fileChannels is the channel count TensorFlow reports for an image
// decoded with channels 0.
func fileChannels(img image.Image) int {
	switch m := img.(type) {
	case *image.Gray, *image.Gray16:
		return 1
	case *image.NRGBA, *image.NRGBA64, *image.CMYK:
		return 4
	case *image.Paletted:
		for _, p := range m.Palette {
			if _, _, _, a := p.RGBA(); a != 0xffff {
				return 4
			}
		}
	}
	return 3
}
