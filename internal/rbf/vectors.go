package rbf

// block support vectors are stored feature-interleaved (block b, feature j:
// block consecutive values), so a vector kernel sums block distances at once,
// one lane per support vector.
const block = 16

// Vectors is a set of support vectors laid out for Distances. It is
// read-only once built and safe for concurrent use.
type Vectors struct {
	features int
	blocks   []float64 // the whole blocks, interleaved
	tail     []float64 // the vectors after the last whole block, row-major
}

// NewVectors lays out the row-major support vectors sv, features values
// each; with no features, every vector is empty.
func NewVectors(sv []float64, features int) *Vectors {
	if features == 0 {
		return &Vectors{}
	}
	whole := len(sv) / features / block * block
	v := &Vectors{
		features: features,
		blocks:   make([]float64, whole*features),
		tail:     append([]float64(nil), sv[whole*features:]...),
	}
	for b := range whole / block {
		for l := range block {
			row := sv[(b*block+l)*features:][:features]
			for j, x := range row {
				v.blocks[(b*features+j)*block+l] = x
			}
		}
	}
	return v
}

// Distances writes Σ_j (v_j − x_j)² for support vector i into out[i].
// len(x) must be the vectors' feature count and len(out) their number.
func (v *Vectors) Distances(x, out []float64) {
	n := v.features
	done := 0
	if n > 0 {
		done = len(v.blocks) / n
		blockSums(x, v.blocks, out[:done])
	}
	for i := range out[done:] {
		row := v.tail[i*n:][:n]
		sum := 0.0
		for j, xj := range x {
			d := row[j] - xj
			sum += float64(d * d) // rounded: no fused multiply-add
		}
		out[done+i] = sum
	}
}

// Kernel writes exp(−γ‖x−v‖²) for support vector i into out[i], with
// Distances' requirements.
func (v *Vectors) Kernel(gamma float64, x, out []float64) {
	v.Distances(x, out)
	expScaled(-gamma, out)
}

// blockSumsGo is the portable blockSums: for each block of the interleaved
// layout, the block sums Σ_j (v_j − x_j)².
func blockSumsGo(x, blocks, sums []float64) {
	n := len(x)
	for b := range len(blocks) / (n * block) {
		var acc [block]float64
		blk := blocks[b*n*block:][:n*block]
		for j, xj := range x {
			g := blk[j*block:][:block]
			for l := range acc {
				d := g[l] - xj
				acc[l] += float64(d * d) // rounded: no fused multiply-add
			}
		}
		copy(sums[b*block:], acc[:])
	}
}
