package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
)

func newModels() *cobra.Command {
	var rf registryFlags
	cmd := &cobra.Command{
		Use:   "models",
		Short: "List the registry's models with their latest version and aliases",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			reg, err := rf.open(cmd.Context())
			if err != nil {
				return err
			}
			defer reg.Close()
			ms, err := reg.Store.Models(cmd.Context())
			if err != nil {
				return err
			}
			if rf.json {
				return writeJSON(cmd.OutOrStdout(), orEmpty(ms))
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tLATEST\tALIASES")
			for _, m := range ms {
				var as []string
				for _, a := range slices.Sorted(maps.Keys(m.Aliases)) {
					as = append(as, fmt.Sprintf("%s=%d", a, m.Aliases[a]))
				}
				fmt.Fprintf(tw, "%s\t%d\t%s\n", m.Name, m.Latest, strings.Join(as, ","))
			}
			return tw.Flush()
		},
	}
	rf.register(cmd, false)
	return cmd
}

// orEmpty makes an empty list print as [] rather than null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
