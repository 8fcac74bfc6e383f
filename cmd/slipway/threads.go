package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/slipwayml/slipway/internal/gemm"
)

const threadsUsage = "goroutines one large tensor product (MatMul, Conv) may use (0: GOMAXPROCS, 1: one)"

// threadsFlag adds --threads to a verb that predicts in process and applies
// it before the verb runs.
func threadsFlag(cmd *cobra.Command) {
	n := cmd.Flags().Int("threads", 0, threadsUsage)
	cmd.PreRunE = func(*cobra.Command, []string) error {
		if *n < 0 {
			return fmt.Errorf("--threads must not be negative, got %d", *n)
		}
		gemm.SetThreads(*n)
		return nil
	}
}
