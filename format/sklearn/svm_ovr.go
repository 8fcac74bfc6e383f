package sklearn

import "math"

// ovrDecision turns one-vs-one decision values (rows×k(k-1)/2, pairs in
// (0,1), (0,2)… order, positive favouring the first class) into
// scikit-learn's one-vs-rest scores (_ovr_decision_function called with
// predictions dec < 0 and confidences -dec): each class's votes plus its
// summed confidence squashed into (-1/3, 1/3), which breaks vote ties
// without overturning a one-vote difference.
func ovrDecision(dec []float64, rows, k int) []float64 {
	pairs := k * (k - 1) / 2
	out := make([]float64, rows*k)
	conf := make([]float64, k)
	for r := 0; r < rows; r++ {
		d := dec[r*pairs : (r+1)*pairs]
		votes := out[r*k : (r+1)*k]
		clear(conf)
		p := 0
		for i := 0; i < k; i++ {
			for j := i + 1; j < k; j++ {
				conf[i] += d[p]
				conf[j] -= d[p]
				// A zero value votes for i here, unlike libsvm's predict.
				if d[p] < 0 {
					votes[j]++
				} else {
					votes[i]++
				}
				p++
			}
		}
		for i, c := range conf {
			votes[i] += c / (3 * (math.Abs(c) + 1))
		}
	}
	return out
}
