package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func newVerify() *cobra.Command {
	var rf registryFlags
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Re-hash every blob; exit non-zero on any mismatch or missing blob",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			reg, err := rf.open(cmd.Context())
			if err != nil {
				return err
			}
			defer reg.Close()
			problems, err := reg.Verify(cmd.Context())
			if err != nil {
				return err
			}
			msgs := make([]string, len(problems))
			for i, p := range problems {
				msgs[i] = p.Error()
			}
			if rf.json {
				if err := writeJSON(cmd.OutOrStdout(), map[string]any{"ok": len(msgs) == 0, "problems": msgs}); err != nil {
					return err
				}
			} else {
				for _, m := range msgs {
					fmt.Fprintln(cmd.OutOrStdout(), m)
				}
			}
			if len(msgs) > 0 {
				return fmt.Errorf("verify: %d problem(s) found", len(msgs))
			}
			if !rf.json {
				fmt.Fprintln(cmd.OutOrStdout(), "ok")
			}
			return nil
		},
	}
	rf.register(cmd, false)
	return cmd
}
