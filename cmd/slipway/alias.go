package main

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"
)

func newAlias() *cobra.Command {
	var rf registryFlags
	cmd := &cobra.Command{
		Use:   "alias MODEL ALIAS VERSION",
		Short: "Point an alias (production, staging, ...) at a validated version",
		Args:  cobra.ExactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			name, alias := args[0], args[1]
			version, err := strconv.Atoi(args[2])
			if err != nil {
				return fmt.Errorf("version %q is not a number", args[2])
			}
			reg, err := rf.open(cmd.Context())
			if err != nil {
				return err
			}
			defer reg.Close()
			if err := reg.Store.SetAlias(cmd.Context(), name, alias, version, rf.actor); err != nil {
				return err
			}
			if rf.json {
				return writeJSON(cmd.OutOrStdout(), map[string]any{"model": name, "alias": alias, "version": version})
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "%s@%s -> %d\n", name, alias, version)
			return err
		},
	}
	rf.register(cmd, true)
	return cmd
}
