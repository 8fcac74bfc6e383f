package main

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/slipwayml/slipway/perf"
	"github.com/slipwayml/slipway/serve"
)

func newBench() *cobra.Command {
	var (
		input    string
		method   string
		duration time.Duration
		batch    int
		asJSON   bool
	)
	cmd := &cobra.Command{
		Use:   "bench [MODEL] --input FILE|-",
		Short: "Measure in-process prediction latency and throughput",
		Long: `Measure a model's in-process latency percentiles and rows per second
for single-row requests and for a larger batch (rows of the input repeated).
With no MODEL the bundled example model is measured.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if batch < 1 {
				return fmt.Errorf("--batch must be at least 1, got %d", batch)
			}
			if duration <= 0 {
				return fmt.Errorf("--duration must be positive, got %v", duration)
			}
			m, isExample, err := loadModelArg(cmd.Context(), args)
			if err != nil {
				return err
			}
			body, err := inputBody(input, isExample, cmd.InOrStdin())
			if err != nil {
				return err
			}
			inputs, outputs, err := serve.DecodeOffline(body, m.Signature(), method)
			if err != nil {
				return err
			}
			var results []perf.Result
			for _, n := range []int{1, batch} {
				in, err := perf.Batch(inputs, n)
				if err != nil {
					return err
				}
				r, err := perf.Measure(cmd.Context(), m, in, n, perf.Options{Duration: duration / 2, Outputs: outputs})
				if err != nil {
					return err
				}
				results = append(results, r)
			}
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), results)
			}
			printBench(cmd.OutOrStdout(), results)
			return nil
		},
	}
	cmd.Flags().StringVarP(&input, "input", "i", "", "request body file, or - for stdin")
	cmd.Flags().StringVarP(&method, "method", "m", "", "output to compute (default: the model's default)")
	cmd.Flags().DurationVar(&duration, "duration", 5*time.Second, "total measuring time, split between the batch sizes")
	cmd.Flags().IntVar(&batch, "batch", 64, "the larger batch size")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array, one object per batch size")
	threadsFlag(cmd)
	return cmd
}

func printBench(w io.Writer, results []perf.Result) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "batch\tcalls\tp50 µs\tp99 µs\trows/s\t")
	for _, r := range results {
		fmt.Fprintf(tw, "%d\t%d\t%.2f\t%.2f\t%.0f\t\n", r.BatchSize, r.Calls, r.P50us, r.P99us, r.RowsPerS)
	}
	tw.Flush()
}
