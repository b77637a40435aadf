package training

import (
	"errors"
	"fmt"
	"image/color"
	"io"

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
