package training

import (
	"errors"
	"fmt"
	"image/color"
	"io"

	"github.com/notecoder/notecoder/store"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Series is one line of a plot: y (mean) with an error bar (min..max) at each x.
type Series struct {
	Name   string
	X      []float64
	Y      []float64
	Lo, Hi []float64 // optional error bars
	Color  color.RGBA
	Dashed bool
}

// PlotPNG draws series with gonum/plot on a log-scaled x axis (training set sizes, ticks
// at the sizes drawn) and a 0..1 y axis, and writes a PNG.
func PlotPNG(w io.Writer, title, xlabel, ylabel string, series []Series) error {
	if len(series) == 0 || len(series[0].X) == 0 {
		return errors.New("plot: nothing to draw")
	}
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text, p.Y.Label.Text = xlabel, ylabel
	p.X.Scale = plot.LogScale{}
	var ticks []plot.Tick
	for _, x := range series[0].X {
		if x <= 0 {
			return fmt.Errorf("plot: x value %g cannot go on a log scale", x)
		}
		ticks = append(ticks, plot.Tick{Value: x, Label: fmt.Sprintf("%g", x)})
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.Y.Min, p.Y.Max = 0, 1
	p.Add(plotter.NewGrid())
	p.Legend.Top = false
	p.Legend.Left = false
	for _, s := range series {
		xy := make(plotter.XYs, len(s.X))
		for i := range s.X {
			xy[i].X, xy[i].Y = s.X[i], s.Y[i]
		}
		l, err := plotter.NewLine(xy)
		if err != nil {
			return fmt.Errorf("plot %s: %w", s.Name, err)
		}
		l.Color, l.Width = s.Color, vg.Points(1.5)
		if s.Dashed {
			l.Dashes = []vg.Length{vg.Points(5), vg.Points(4)}
		}
		p.Add(l)
		p.Legend.Add(s.Name, l)
		if s.Lo == nil {
			continue
		}
		bars := make(errorBars, len(s.X))
		for i := range s.X {
			bars[i] = errorBar{s.X[i], s.Y[i], s.Y[i] - s.Lo[i], s.Hi[i] - s.Y[i]}
		}
		eb, err := plotter.NewYErrorBars(bars)
		if err != nil {
			return fmt.Errorf("plot %s: %w", s.Name, err)
		}
		eb.Color = s.Color
		p.Add(eb)
		sc, err := plotter.NewScatter(xy)
		if err != nil {
			return err
		}
		sc.Color, sc.Shape = s.Color, draw.CircleGlyph{}
		p.Add(sc)
	}
	c := vgimg.New(8*vg.Inch, 5*vg.Inch)
	p.Draw(draw.New(c))
	_, err := vgimg.PngCanvas{Canvas: c}.WriteTo(w)
	return err
}

// errorBar is a point with the distance to its lowest and highest seed.
type errorBar struct{ x, y, low, high float64 }

// errorBars gives gonum/plot the points and their ranges.
type errorBars []errorBar

func (e errorBars) Len() int                         { return len(e) }
func (e errorBars) XY(i int) (float64, float64)      { return e[i].x, e[i].y }
func (e errorBars) YError(i int) (low, high float64) { return e[i].low, e[i].high }

// PlotVersions draws the learning loop's progress: gold macro-F1 and held-out
// corrections accuracy of every model version, in the order they were made (rejected
// versions marked with a cross), and writes a PNG.
func PlotVersions(w io.Writer, versions []store.ModelVersion) error {
	if len(versions) == 0 {
		return errors.New("plot: no model versions")
	}
	p := plot.New()
	p.Title.Text = "Model versions: gold set and clinicians' corrections"
	p.X.Label.Text, p.Y.Label.Text = "version", "score"
	p.Y.Min, p.Y.Max = 0, 1
	p.Add(plotter.NewGrid())
	p.Legend.Top, p.Legend.Left = false, false
	var ticks []plot.Tick
	gold, acc := make(plotter.XYs, len(versions)), make(plotter.XYs, len(versions))
	var rejected plotter.XYs
	for i, v := range versions {
		x := float64(i)
		label := v.Version
		if v.Serving {
			label += " *"
		}
		ticks = append(ticks, plot.Tick{Value: x, Label: label})
		gold[i] = plotter.XY{X: x, Y: v.GoldMacroF1}
		acc[i] = plotter.XY{X: x, Y: v.CorrectionsAcc}
		if v.Status == store.StatusRejected {
			rejected = append(rejected, gold[i], acc[i])
		}
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.X.Min, p.X.Max = -0.5, float64(len(versions))-0.5
	for _, s := range []struct {
		name string
		xy   plotter.XYs
		c    color.RGBA
	}{{"gold macro-F1", gold, color.RGBA{R: 31, G: 119, B: 180, A: 255}}, {"held-out corrections accuracy", acc, color.RGBA{R: 214, G: 39, B: 40, A: 255}}} {
		l, pts, err := plotter.NewLinePoints(s.xy)
		if err != nil {
			return err
		}
		l.Color, l.Width = s.c, vg.Points(1.5)
		pts.Color, pts.Shape = s.c, draw.CircleGlyph{}
		p.Add(l, pts)
		p.Legend.Add(s.name, l, pts)
	}
	if len(rejected) > 0 {
		sc, err := plotter.NewScatter(rejected)
		if err != nil {
			return err
		}
		sc.Shape, sc.Radius, sc.Color = draw.CrossGlyph{}, vg.Points(6), color.RGBA{A: 255}
		p.Add(sc)
		p.Legend.Add("rejected by the gate", sc)
	}
	width := vg.Length(max(6, len(versions))) * vg.Inch
	c := vgimg.PngCanvas{Canvas: vgimg.New(width, 4*vg.Inch)}
	p.Draw(draw.New(c))
	_, err := c.WriteTo(w)
	return err
}
