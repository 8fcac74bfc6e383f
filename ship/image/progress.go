package image

import (
	"fmt"
	"io"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// barWidth is the progress bar's width in characters.
const barWidth = 30

// Progress draws an upload progress bar on one line of w from updates until
// the channel is closed, then ends the line. It returns the error an update
// carried, if any.
func Progress(w io.Writer, updates <-chan v1.Update) error {
	var err error
	shown := -1
	for u := range updates {
		if u.Error != nil {
			err = u.Error
			continue
		}
		if u.Total <= 0 {
			continue
		}
		// Redraw only when the bar moves: updates come per chunk written.
		permille := int(u.Complete * 1000 / u.Total)
		if permille == shown {
			continue
		}
		shown = permille
		fill := permille * barWidth / 1000
		fmt.Fprintf(w, "\rpushing [%s%s] %5.1f%% %s / %s", strings.Repeat("=", fill),
			strings.Repeat(" ", barWidth-fill), float64(permille)/10, mb(u.Complete), mb(u.Total))
	}
	if shown >= 0 {
		fmt.Fprintln(w)
	}
	return err
}

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }
