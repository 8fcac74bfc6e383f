package serve

import (
	"cmp"
	"errors"
	"fmt"

	"github.com/slipwayml/slipway/internal/jsonvalue"
	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// TF Serving's :classify and :regress run a classify or regress
// SignatureDef on tf.Examples: {"signature_name": ..., "context": {...},
// "examples": [{...}, ...]} → {"results": ...}.

// tfMethodPrefix prefixes the SignatureDef method names, such as
// "tensorflow/serving/classify".
const tfMethodPrefix = "tensorflow/serving/"

func (s *Server) tfExamples(x *exchange, p tfPath) error {
	v, err := s.tfVersion(x, p)
	if err != nil {
		return err
	}
	obj, err := s.tfRequest(x)
	if err != nil {
		return err
	}
	name, err := signatureName(obj)
	if err != nil {
		return err
	}
	name = cmp.Or(name, model.DefaultSignature)
	input, err := exampleInput(v.Model(), name, tfMethodPrefix+p.verb)
	if err != nil {
		return err
	}
	examples, _ := obj.Get("examples")
	list, ok := examples.([]any)
	if !ok {
		return badRequest(errors.New(`"examples" must be a list of objects`))
	}
	var context *jsonvalue.Object
	if c, ok := obj.Get("context"); ok {
		if context, ok = c.(*jsonvalue.Object); !ok {
			return badRequest(errors.New(`"context" must be an object of features`))
		}
	}
	serialized, err := serializeExamples(list, context)
	if err != nil {
		return err
	}
	out, err := v.PredictSignature(x.r.Context(), name, model.Tensors{input: serialized}, nil)
	if err != nil {
		return err
	}
	b := append(x.out[:0], `{"results":`...)
	if p.verb == "classify" {
		b, err = appendClassifications(b, out, len(list))
	} else {
		b, err = appendRegressions(b, out, len(list))
	}
	if err != nil {
		return err
	}
	x.out = append(b, "}\n"...)
	x.sendJSON()
	return nil
}

// exampleInput checks that m's signature name has the method wanted and
// one input, which takes the serialized examples, and returns its name.
func exampleInput(m model.Model, name, method string) (string, error) {
	ms, ok := m.(model.MultiSignature)
	defs, hasDefs := m.(model.SignatureDefLister)
	if !ok || !hasDefs {
		return "", badRequest(fmt.Errorf("the model has no %s signatures; use :predict", method))
	}
	def, ok := defs.SignatureDefs()[name]
	if !ok {
		return "", badRequest(fmt.Errorf("Serving signature name: %q not found in signature def", name))
	}
	if def.Method != method {
		return "", badRequest(fmt.Errorf("Expected %s signature method_name to be %s. Was: %s", name, method, def.Method))
	}
	sig, ok := ms.Signatures()[name]
	if !ok {
		return "", fmt.Errorf("signature %s cannot run", name)
	}
	if len(sig.Inputs) != 1 || sig.Inputs[0].DType != tensor.String {
		return "", badRequest(fmt.Errorf("signature %s does not take one string tensor of tf.Examples", name))
	}
	return sig.Inputs[0].Name, nil
}

// appendRegressions appends the "outputs" tensor, one value per example.
func appendRegressions(b []byte, out model.Tensors, n int) ([]byte, error) {
	t, err := perExample(out, "outputs", n)
	if err != nil {
		return nil, err
	}
	if t.Len() != n {
		return nil, fmt.Errorf("regression output has shape %v, want one value for each of %d examples", t.Shape(), n)
	}
	t, err = t.Reshape([]int{n})
	if err != nil {
		return nil, err
	}
	return t.AppendJSON(b), nil
}

// appendClassifications appends, per example, a list of [label, score]
// pairs from the "classes" and "scores" outputs, [batch, classes] each; a
// missing one leaves its half "" or 0, as TF Serving's classifier does.
func appendClassifications(b []byte, out model.Tensors, n int) ([]byte, error) {
	classes, errC := perExample(out, "classes", n)
	scores, errS := perExample(out, "scores", n)
	if errC != nil && errS != nil {
		return nil, errors.Join(errC, errS)
	}
	k := -1
	var labels []string
	var values []float32
	if errC == nil {
		var ok bool
		if labels, ok = tensor.Values[string](classes); !ok {
			return nil, fmt.Errorf("classes output is %v, want strings", classes.DType())
		}
		k = len(labels) / n
	}
	if errS == nil {
		f32, err := scores.Convert(tensor.Float32)
		if err != nil {
			return nil, fmt.Errorf("scores output: %w", err)
		}
		values, _ = tensor.Values[float32](f32)
		if k >= 0 && len(values) != len(labels) {
			return nil, fmt.Errorf("classes %v and scores %v differ in shape", classes.Shape(), scores.Shape())
		}
		k = len(values) / n
	}
	b = append(b, '[')
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		for j := i * k; j < (i+1)*k; j++ {
			if j > i*k {
				b = append(b, ',')
			}
			label, score := "", float32(0)
			if labels != nil {
				label = labels[j]
			}
			if values != nil {
				score = values[j]
			}
			b = jsonvalue.AppendString(append(b, '['), label)
			s, _ := tensor.New(nil, []float32{score})
			b = append(s.AppendJSON(append(b, ',')), ']')
		}
		b = append(b, ']')
	}
	return append(b, ']'), nil
}

// perExample returns the output called name, which must have the batch
// of n examples as its first dimension.
func perExample(out model.Tensors, name string, n int) (*tensor.Tensor, error) {
	t, ok := out[name]
	if !ok {
		return nil, fmt.Errorf("signature has no %q output", name)
	}
	if sh := t.Shape(); len(sh) == 0 || sh[0] != n || len(sh) > 2 {
		return nil, fmt.Errorf("output %s has shape %v, want [%d] or [%d, k]", name, sh, n, n)
	}
	return t, nil
}
