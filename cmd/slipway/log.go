package main

import (
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/slipwayml/slipway/registry"
)

func newLog() *cobra.Command {
	var rf registryFlags
	var limit int
	cmd := &cobra.Command{
		Use:   "log [MODEL]",
		Short: "Show the audit log: who changed what, when",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			q := registry.LogQuery{Limit: limit}
			if len(args) == 1 {
				q.Model = args[0]
			}
			reg, err := rf.open(cmd.Context())
			if err != nil {
				return err
			}
			defer reg.Close()
			es, err := reg.Store.Log(cmd.Context(), q)
			if err != nil {
				return err
			}
			if rf.json {
				return writeJSON(cmd.OutOrStdout(), orEmpty(es))
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tTIME\tACTOR\tACTION\tMODEL\tVERSION\tALIAS\tDETAIL")
			for _, e := range es {
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", e.ID, e.Time.Format(time.RFC3339),
					e.Actor, e.Action, e.Model, e.Version, e.Alias, e.Detail)
			}
			return tw.Flush()
		},
	}
	rf.register(cmd, false)
	cmd.Flags().IntVar(&limit, "limit", 0, "show at most this many events, oldest first (0: all)")
	return cmd
}
