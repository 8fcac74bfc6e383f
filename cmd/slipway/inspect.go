package main

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/slipwayml/slipway/bundle"
	"github.com/slipwayml/slipway/model"
)

func newInspect() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "inspect MODEL",
		Short: "Show a model's format, framework, signature and methods",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if bundle.IsBundle(args[0]) {
				return inspectBundle(cmd, args[0], asJSON)
			}
			m, err := model.Load(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			info := describe(m)
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), info)
			}
			printInspect(cmd.OutOrStdout(), info)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// inspection is what `slipway inspect` reports.
type inspection struct {
	model.Description
	bundle.Signature
}

func describe(m model.Model) inspection {
	var info inspection
	if d, ok := m.(model.Describer); ok {
		info.Description = d.Describe()
	}
	info.Signature = bundle.SignatureOf(m.Signature())
	return info
}

// printSpecs lists a signature's inputs and outputs, as inspect prints
// models and bundles.
func printSpecs(w io.Writer, sig bundle.Signature) {
	fmt.Fprintln(w, "inputs:")
	for _, s := range sig.Inputs {
		printSpec(w, s)
	}
	fmt.Fprintln(w, "outputs (methods):")
	for _, s := range sig.Outputs {
		printSpec(w, s)
	}
}

func printSpec(w io.Writer, s bundle.TensorSpec) {
	fmt.Fprintf(w, "  %-20s %-6s %v", s.Name, s.Datatype, s.Shape)
	if s.Keys != nil {
		fmt.Fprintf(w, " records {%s}", strings.Join(s.Keys, ", "))
	}
	fmt.Fprintln(w)
}

func printInspect(w io.Writer, info inspection) {
	fmt.Fprintf(w, "format:     %s\n", info.Format)
	if info.Framework != "" {
		fmt.Fprintf(w, "framework:  %s %s\n", info.Framework, info.FrameworkVersion)
	}
	for _, k := range slices.Sorted(maps.Keys(info.Details)) {
		fmt.Fprintf(w, "%-11s %s\n", k+":", detail(info.Details[k]))
	}
	printSpecs(w, info.Signature)
	fmt.Fprintf(w, "default:    %s\n", strings.Join(info.Default, ", "))
}

func detail(v any) string {
	if l, ok := v.([]string); ok {
		return strings.Join(l, ", ")
	}
	return fmt.Sprint(v)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
