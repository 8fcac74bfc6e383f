package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/slipwayml/slipway/registry"
)

func newPull() *cobra.Command {
	var rf registryFlags
	var out string
	cmd := &cobra.Command{
		Use:   "pull MODEL[@VERSION|@ALIAS] -o DIR",
		Short: "Extract a version's bundle (verified) into a folder",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			name, ref, err := registry.ParseRef(args[0])
			if err != nil {
				return err
			}
			reg, err := rf.open(cmd.Context())
			if err != nil {
				return err
			}
			defer reg.Close()
			v, err := reg.Pull(cmd.Context(), name, ref, out)
			if err != nil {
				return err
			}
			if rf.json {
				return writeJSON(cmd.OutOrStdout(), v)
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "%s@%d -> %s\n", v.Model, v.Version, out)
			return err
		},
	}
	rf.register(cmd, false)
	cmd.Flags().StringVarP(&out, "output", "o", "", "folder to extract into (required)")
	cmd.MarkFlagRequired("output")
	return cmd
}
