package main

import (
	"bytes"

	"github.com/spf13/cobra"

	"github.com/slipwayml/slipway/serve"
)

func newPredict() *cobra.Command {
	var input, method string
	cmd := &cobra.Command{
		Use:   "predict [MODEL] --input FILE|-",
		Short: "Run a model on a request body and print its predictions",
		Long: `Run a model on a request body and print {"predictions": ...}.

The body may be a bare list of rows, {"instances": ...}, {"inputs": ...},
MLflow's {"dataframe_split": ...} or {"dataframe_records": ...}, or an Open
Inference Protocol (V2) request, which gets a V2 response. With no MODEL the
bundled example model (iris) and its example request are used.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			m, isExample, err := loadModelArg(cmd.Context(), args)
			if err != nil {
				return err
			}
			body, err := inputBody(input, isExample, cmd.InOrStdin())
			if err != nil {
				return err
			}
			out, err := serve.PredictOffline(cmd.Context(), m, body, method)
			if err != nil {
				return err
			}
			if !bytes.HasSuffix(out, []byte("\n")) {
				out = append(out, '\n')
			}
			_, err = cmd.OutOrStdout().Write(out)
			return err
		},
	}
	cmd.Flags().StringVarP(&input, "input", "i", "", "request body file, or - for stdin")
	cmd.Flags().StringVarP(&method, "method", "m", "", "output to compute: predict, predict_proba or decision_function (default: the model's default)")
	threadsFlag(cmd)
	return cmd
}
