package savedmodel

import (
	"context"
	"fmt"
)

// frame is one run of a TF1 while loop. The nodes between a loop's Enter
// and Exit nodes run once per iteration in the frame the Enter nodes name,
// a child of the frame and iteration they entered from; the graph itself
// runs in the root frame.
type frame struct {
	name       string
	parent     *frame
	parentIter int
	iters      int      // iterations started
	invariants []firing // constant Enter nodes, given to every iteration
	exits      []*exit  // in the order they first ran
	exitOf     map[*node]*exit
}

// exit is what one Exit node of a frame did. A live value leaves the frame
// at once. A dead one leaves only when nothing can run any more, and only
// from the last iteration: every iteration but the last sends a loop's
// Exit a dead value, which TensorFlow drops too.
type exit struct {
	n        *node
	deadIter int // the last iteration the exit was dead in; -1 if none
	live     bool
	flushed  bool
}

func (f *frame) exit(n *node) *exit {
	if e, ok := f.exitOf[n]; ok {
		return e
	}
	if f.exitOf == nil {
		f.exitOf = map[*node]*exit{}
	}
	e := &exit{n: n, deadIter: -1}
	f.exitOf[n] = e
	f.exits = append(f.exits, e)
	return e
}

type frameKey struct {
	parent *frame
	iter   int
	name   string
}

// tag names one execution of a node: in frame f, iteration iter.
type tag struct {
	f    *frame
	iter int
	n    *node
}

// firing is a tagged node with its inputs, ready to run, or with its
// outputs, done; dead nodes do not run and all their outputs are dead.
type firing struct {
	tag
	vals []value
	dead bool
}

// use is an edge out of a node: its output out is input slot of dst, or,
// with slot -1, dst has a control input on it.
type use struct {
	dst  *node
	slot int
	out  int
}

// pending gathers the inputs of one tagged node.
type pending struct {
	in      []value
	waiting int  // inputs yet to come; for a Merge, control inputs only
	dead    int  // dead inputs come; for a Merge, dead data inputs
	live    bool // a Merge has its live input
	fired   bool // a Merge ran: it takes the first live input only
}

// frames runs a graph that uses TF1 control flow as TensorFlow's executor
// does: a node runs when all its inputs have come, in the frame and
// iteration they came in; a node with a dead input is dead, except a
// Merge, which waits for a live input or for all of them to be dead.
type frames struct {
	s        *session
	ctx      context.Context
	depth    int
	feeds    map[endpoint]value
	uses     [][]use // by producer index
	pending  map[tag]*pending
	children map[frameKey]*frame
	loops    []*frame // every frame but the root, in creation order
	ready    []firing
	root     *frame
	results  [][]value // outputs of the nodes that ran in the root frame
	ran      []bool    // root-frame nodes that ran, or were dead
	dead     []bool    // root-frame nodes that were dead
}

// runFrames runs the nodes of order (as plan gives them) and returns the
// fetched values.
func (s *session) runFrames(ctx context.Context, g *graph, feeds map[endpoint]value, fetches []endpoint, order []*node, depth int) ([]value, error) {
	x := &frames{s: s, ctx: ctx, depth: depth, feeds: feeds, uses: make([][]use, len(g.nodes)),
		pending: map[tag]*pending{}, children: map[frameKey]*frame{}, root: &frame{iters: 1},
		results: make([][]value, len(g.nodes)), ran: make([]bool, len(g.nodes)), dead: make([]bool, len(g.nodes))}
	var sources []*node
	for _, n := range order {
		deps := len(n.control)
		for i, e := range n.inputs {
			if _, fed := feeds[e]; fed {
				continue
			}
			if e.node == nil {
				return nil, &NodeError{n.name(), n.op(), fmt.Errorf("%v is not given", e)}
			}
			x.uses[e.node.index] = append(x.uses[e.node.index], use{dst: n, slot: i, out: e.out})
			deps++
		}
		for _, c := range n.control {
			x.uses[c.index] = append(x.uses[c.index], use{dst: n, slot: -1})
		}
		if deps == 0 {
			sources = append(sources, n)
		}
	}
	for _, n := range sources {
		t := tag{f: x.root, n: n}
		p := x.newPending(n)
		x.pending[t] = p
		x.check(t, p)
	}
	if err := x.drain(); err != nil {
		return nil, err
	}
	out := make([]value, len(fetches))
	for i, e := range fetches {
		if v, ok := feeds[e]; ok {
			out[i] = v
			continue
		}
		if e.node == nil {
			return nil, fmt.Errorf("%v is not given", e)
		}
		outs := x.results[e.node.index]
		switch {
		case !x.ran[e.node.index]:
			return nil, fmt.Errorf("%v was not computed: its inputs never all came (from a loop that did not end, or from another frame)", e)
		case x.dead[e.node.index] || e.out < len(outs) && isDead(outs[e.out]):
			return nil, fmt.Errorf("%v is dead: it depends on the untaken side of a Switch", e)
		case e.out >= len(outs):
			return nil, fmt.Errorf("%s has %d outputs, no output %d", e.node.name(), len(outs), e.out)
		}
		out[i] = outs[e.out]
	}
	return out, nil
}

// drain runs ready nodes until none is left, then lets the dead exits of
// frames that can do no more leave them, until that starts nothing.
func (x *frames) drain() error {
	for {
		for len(x.ready) > 0 {
			if err := x.ctx.Err(); err != nil {
				return err
			}
			r := x.ready[len(x.ready)-1]
			x.ready = x.ready[:len(x.ready)-1]
			if err := x.step(r); err != nil {
				return err
			}
		}
		flushed := false
		for _, f := range x.loops {
			for _, e := range f.exits {
				if e.live || e.flushed || e.deadIter != f.iters-1 {
					continue
				}
				e.flushed, flushed = true, true
				if err := x.send(firing{tag: tag{f: f, iter: e.deadIter, n: e.n}, dead: true}, f.parent, f.parentIter); err != nil {
					return err
				}
			}
		}
		if !flushed {
			return nil
		}
	}
}

// step runs one ready node and passes its outputs on.
func (x *frames) step(r firing) error {
	var outs []value
	if !r.dead {
		var err error
		if outs, err = x.s.runNode(x.ctx, r.n, r.vals, x.depth); err != nil {
			return err
		}
	}
	if r.f == x.root {
		x.results[r.n.index], x.ran[r.n.index], x.dead[r.n.index] = outs, true, r.dead
	}
	return x.propagate(firing{tag: r.tag, vals: outs, dead: r.dead})
}

// propagate sends a node's outputs to its uses: into a child frame from an
// Enter, to the parent frame from an Exit, to the next iteration from a
// NextIteration, else within the node's frame and iteration.
func (x *frames) propagate(r firing) error {
	switch r.n.flow() {
	case flowEnter:
		attrs := r.n.def.GetAttr()
		child := x.child(r.f, r.iter, string(attrs["frame_name"].GetS()))
		if attrs["is_constant"].GetB() {
			child.invariants = append(child.invariants, r)
			for i := 1; i < child.iters; i++ {
				if err := x.send(r, child, i); err != nil {
					return err
				}
			}
		}
		return x.send(r, child, 0)
	case flowExit:
		if r.f.parent == nil {
			return &NodeError{r.n.name(), r.n.op(), fmt.Errorf("Exit outside a while loop")}
		}
		e := r.f.exit(r.n)
		if r.dead {
			e.deadIter = max(e.deadIter, r.iter)
			return nil
		}
		if e.live {
			return &NodeError{r.n.name(), r.n.op(), fmt.Errorf("left loop frame %q twice", r.f.name)}
		}
		e.live = true
		return x.send(r, r.f.parent, r.f.parentIter)
	case flowNextIteration:
		if r.f.parent == nil {
			return &NodeError{r.n.name(), r.n.op(), fmt.Errorf("NextIteration outside a while loop")}
		}
		if r.dead {
			return nil // the loop ended
		}
		next := r.iter + 1
		if next == r.f.iters {
			if next >= maxLoopIterations {
				return &NodeError{r.n.name(), r.n.op(), fmt.Errorf("loop frame %q ran %d iterations", r.f.name, next)}
			}
			r.f.iters++
			for _, inv := range r.f.invariants {
				if err := x.send(inv, r.f, next); err != nil {
					return err
				}
			}
		}
		return x.send(r, r.f, next)
	}
	return x.send(r, r.f, r.iter)
}

// child returns the frame named name entered from iteration iter of f.
func (x *frames) child(f *frame, iter int, name string) *frame {
	k := frameKey{f, iter, name}
	c, ok := x.children[k]
	if !ok {
		c = &frame{name: name, parent: f, parentIter: iter, iters: 1}
		x.children[k] = c
		x.loops = append(x.loops, c)
	}
	return c
}

// send gives r's outputs to their uses in frame f, iteration iter.
func (x *frames) send(r firing, f *frame, iter int) error {
	for _, u := range x.uses[r.n.index] {
		var v value
		dead := r.dead
		if !dead && u.slot >= 0 {
			if u.out >= len(r.vals) {
				return &NodeError{u.dst.name(), u.dst.op(), fmt.Errorf("%s has %d outputs, no output %d", r.n.name(), len(r.vals), u.out)}
			}
			v = r.vals[u.out]
			dead = isDead(v)
		}
		x.deliver(tag{f: f, iter: iter, n: u.dst}, u.slot, v, dead)
	}
	return nil
}

// deliver records one input of a tagged node and readies it when all have
// come.
func (x *frames) deliver(t tag, slot int, v value, dead bool) {
	p, ok := x.pending[t]
	if !ok {
		p = x.newPending(t.n)
		x.pending[t] = p
	}
	merge := t.n.flow() == flowMerge
	switch {
	case slot < 0:
		p.waiting--
		if dead && !merge {
			p.dead++
		}
	case merge:
		if dead {
			p.dead++
		} else if !p.live {
			p.live, p.in[slot] = true, v
		}
	default:
		p.in[slot] = v
		p.waiting--
		if dead {
			p.dead++
		}
	}
	x.check(t, p)
}

// newPending starts gathering the inputs of n, with the fed ones given.
func (x *frames) newPending(n *node) *pending {
	p := &pending{in: make([]value, len(n.inputs)), waiting: len(n.control)}
	merge := n.flow() == flowMerge
	for i, e := range n.inputs {
		if v, fed := x.feeds[e]; fed {
			if !p.live {
				p.in[i] = v
			}
			p.live = merge
		} else if !merge {
			p.waiting++
		}
	}
	return p
}

// check readies t when its inputs are all there.
func (x *frames) check(t tag, p *pending) {
	switch t.n.flow() {
	case flowMerge:
		if p.fired || p.waiting > 0 || !p.live && p.dead < mergeInputs(t.n, t.iter, x.feeds) {
			return
		}
		p.fired = true
		x.ready = append(x.ready, firing{tag: t, vals: p.in, dead: !p.live})
		return
	case flowControlTrigger:
		p.dead = 0
	}
	if p.waiting == 0 {
		delete(x.pending, t)
		x.ready = append(x.ready, firing{tag: t, vals: p.in, dead: p.dead > 0})
	}
}

// mergeInputs counts the inputs a Merge can get in an iteration: a loop's
// Merge gets its Enter input in the first iteration and its NextIteration
// input in the others.
func mergeInputs(n *node, iter int, feeds map[endpoint]value) int {
	k := 0
	for _, e := range n.inputs {
		if _, fed := feeds[e]; fed {
			continue
		}
		if (e.node.flow() == flowNextIteration) == (iter > 0) {
			k++
		}
	}
	return k
}
