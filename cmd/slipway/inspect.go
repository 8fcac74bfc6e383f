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
	Inputs  []specJSON `json:"inputs"`
	Outputs []specJSON `json:"outputs"`
	Default []string   `json:"default_outputs"`
}

type specJSON struct {
	Name     string `json:"name"`
	Datatype string `json:"datatype"`
	Shape    []int  `json:"shape"`
}

func describe(m model.Model) inspection {
	var info inspection
	if d, ok := m.(model.Describer); ok {
		info.Description = d.Describe()
	}
	sig := m.Signature()
	for _, s := range sig.Inputs {
		info.Inputs = append(info.Inputs, specJSON{s.Name, s.DType.String(), s.Shape})
	}
	for _, s := range sig.Outputs {
		info.Outputs = append(info.Outputs, specJSON{s.Name, s.DType.String(), s.Shape})
	}
	info.Default = sig.Default
	return info
}

func printInspect(w io.Writer, info inspection) {
	fmt.Fprintf(w, "format:     %s\n", info.Format)
	if info.Framework != "" {
		fmt.Fprintf(w, "framework:  %s %s\n", info.Framework, info.FrameworkVersion)
	}
	for _, k := range slices.Sorted(maps.Keys(info.Details)) {
		fmt.Fprintf(w, "%-11s %s\n", k+":", detail(info.Details[k]))
	}
	fmt.Fprintln(w, "inputs:")
	for _, s := range info.Inputs {
		fmt.Fprintf(w, "  %-20s %-6s %v\n", s.Name, s.Datatype, s.Shape)
	}
	fmt.Fprintln(w, "outputs (methods):")
	for _, s := range info.Outputs {
		fmt.Fprintf(w, "  %-20s %-6s %v\n", s.Name, s.Datatype, s.Shape)
	}
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
