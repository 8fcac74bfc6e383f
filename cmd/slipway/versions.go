package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/slipwayml/slipway/registry"
)

func newVersions() *cobra.Command {
	var rf registryFlags
	cmd := &cobra.Command{
		Use:   "versions MODEL",
		Short: "List a model's versions",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			reg, err := rf.open(ctx)
			if err != nil {
				return err
			}
			defer reg.Close()
			vs, err := reg.Store.Versions(ctx, args[0])
			if err != nil {
				return err
			}
			as, err := reg.Store.Aliases(ctx, args[0])
			if err != nil {
				return err
			}
			if rf.json {
				return writeJSON(cmd.OutOrStdout(), orEmpty(vs))
			}
			printVersions(cmd.OutOrStdout(), vs, as)
			return nil
		},
	}
	rf.register(cmd, false)
	return cmd
}

func printVersions(w io.Writer, vs []registry.Version, as []registry.Alias) {
	aliases := map[int][]string{}
	for _, a := range as {
		aliases[a.Version] = append(aliases[a.Version], a.Alias)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tCREATED\tACTOR\tFORMAT\tEXAMPLES\tDIGEST\tALIASES\tTAGS")
	for _, v := range vs {
		var tags []string
		for _, k := range slices.Sorted(maps.Keys(v.Tags)) {
			tags = append(tags, k+"="+v.Tags[k])
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%.19s\t%s\t%s\n", v.Version, v.Created.Format(time.DateTime),
			v.Actor, v.Format, v.Examples, v.Digest, strings.Join(aliases[v.Version], ","), strings.Join(tags, ","))
	}
	tw.Flush()
}
