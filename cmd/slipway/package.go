package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/slipwayml/slipway/bundle"
	"github.com/slipwayml/slipway/serve"
)

func newPackage() *cobra.Command {
	var name, examples, out string
	var tags []string
	cmd := &cobra.Command{
		Use:   "package MODEL --name N [--examples FILE] [-o N.slip]",
		Short: "Package a model, its examples and their statistics into a bundle",
		Long: `Package a model file or folder into one .slip file: a manifest (name, format,
signature, framework version, tags), the artifacts, the examples with the
model's outputs and baseline statistics of the example inputs, every file
with its sha256.

The examples file is a JSON array of {"name", "request", "method",
"response"}; request is any body slipway predict accepts. An example without
a response gets the model's own; one with a response (e.g. recorded from
scikit-learn) must match it.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			tagMap, err := parseTags(tags)
			if err != nil {
				return err
			}
			if out == "" {
				out = name + ".slip"
			}
			tmp, err := os.CreateTemp(filepath.Dir(out), ".slipway-*.slip")
			if err != nil {
				return err
			}
			defer os.Remove(tmp.Name()) // fails harmlessly after the rename
			err = writeBundle(cmd.Context(), tmp, args[0], name, examples, tagMap)
			if cerr := tmp.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return err
			}
			if err := os.Chmod(tmp.Name(), 0o644); err != nil {
				return err
			}
			if err := os.Rename(tmp.Name(), out); err != nil {
				return err
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), out)
			return err
		},
	}
	cmd.Flags().StringVar(&name, "name", "", "model name (required)")
	cmd.Flags().StringVar(&examples, "examples", "", "examples file")
	cmd.Flags().StringVarP(&out, "output", "o", "", "bundle to write (default NAME.slip)")
	cmd.Flags().StringArrayVar(&tags, "tag", nil, "tag the bundle, k=v (repeatable)")
	cmd.MarkFlagRequired("name")
	return cmd
}

// writeBundle packages the model at modelPath to w.
func writeBundle(ctx context.Context, w io.Writer, modelPath, name, examplesPath string, tags map[string]string) error {
	opts := bundle.Options{Name: name, Replay: serve.PredictOffline, Creator: defaultActor(), Tags: tags}
	if examplesPath != "" {
		ex, err := bundle.ReadExamples(examplesPath)
		if err != nil {
			return err
		}
		opts.Examples = ex
	}
	_, err := bundle.Create(ctx, w, modelPath, opts)
	return err
}

// inspectBundle prints a bundle's manifest, examples and statistics after
// checking every digest; `slipway inspect` calls it for .slip files.
func inspectBundle(cmd *cobra.Command, path string, asJSON bool) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	b, err := bundle.Read(f, bundle.Limits{})
	if err != nil {
		return fmt.Errorf("inspect %s: %w", path, err)
	}
	if asJSON {
		return writeJSON(cmd.OutOrStdout(), b)
	}
	w := cmd.OutOrStdout()
	m := b.Manifest
	fmt.Fprintf(w, "bundle:     %s\n", m.Name)
	if m.Version > 0 {
		fmt.Fprintf(w, "version:    %d\n", m.Version)
	}
	fmt.Fprintf(w, "format:     %s\n", m.Format)
	fmt.Fprintf(w, "framework:  %s %s\n", m.Framework, m.FrameworkVersion)
	fmt.Fprintf(w, "created:    %s by %s\n", m.Created.Format(time.RFC3339), m.Creator)
	for _, k := range slices.Sorted(maps.Keys(m.Tags)) {
		fmt.Fprintf(w, "tag:        %s=%s\n", k, m.Tags[k])
	}
	printSpecs(w, m.Signature)
	fmt.Fprintln(w, "files (sha256 verified):")
	for _, f := range m.Files {
		fmt.Fprintf(w, "  %-30s %10d  %.12s\n", f.Path, f.Size, f.SHA256)
	}
	fmt.Fprintf(w, "examples:   %d\n", len(b.Examples))
	if b.Stats != nil {
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "  FEATURE\tCOUNT\tMEAN\tSTD\tMIN\tP50\tMAX")
		for _, s := range b.Stats.Features {
			fmt.Fprintf(tw, "  %s\t%d\t%.4g\t%.4g\t%.4g\t%.4g\t%.4g\n", s.Name, s.Count, s.Mean, s.Std, s.Min, s.Quantiles.P50, s.Max)
		}
		tw.Flush()
	}
	return nil
}
