package training

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
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

// PlotPNG draws series on a log-scaled x axis (training set sizes) and a 0..1 y axis.
func PlotPNG(w io.Writer, title, xlabel, ylabel string, series []Series) error {
	const W, H, left, right, top, bottom = 760, 460, 70, 190, 40, 60
	img := image.NewRGBA(image.Rect(0, 0, W, H))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	black := color.RGBA{0, 0, 0, 255}
	grey := color.RGBA{210, 210, 210, 255}
	minX, maxX := math.Inf(1), math.Inf(-1)
	for _, s := range series {
		for _, x := range s.X {
			minX, maxX = math.Min(minX, x), math.Max(maxX, x)
		}
	}
	px := func(x float64) int {
		if maxX == minX {
			return left
		}
		return left + int(float64(W-left-right)*(math.Log(x)-math.Log(minX))/(math.Log(maxX)-math.Log(minX)))
	}
	py := func(y float64) int { return H - bottom - int(float64(H-top-bottom)*y) }
	text := func(x, y int, s string, c color.RGBA) {
		d := &font.Drawer{Dst: img, Src: image.NewUniform(c), Face: basicfont.Face7x13, Dot: fixed.P(x, y)}
		d.DrawString(s)
	}
	line := func(x0, y0, x1, y1 int, c color.RGBA, dashed bool) {
		n := max(abs(x1-x0), abs(y1-y0), 1)
		for i := 0; i <= n; i++ {
			if dashed && (i/6)%2 == 1 {
				continue
			}
			x := x0 + (x1-x0)*i/n
			y := y0 + (y1-y0)*i/n
			for dx := 0; dx < 2; dx++ {
				img.Set(x+dx, y, c)
				img.Set(x, y+dx, c)
			}
		}
	}
	// Grid and axes.
	for _, y := range []float64{0, 0.2, 0.4, 0.6, 0.8, 1} {
		line(left, py(y), W-right, py(y), grey, false)
		text(left-40, py(y)+4, fmt.Sprintf("%.1f", y), black)
	}
	for _, s := range series[:1] {
		for _, x := range s.X {
			line(px(x), py(0), px(x), py(0)+5, black, false)
			text(px(x)-10, py(0)+20, fmt.Sprintf("%g", x), black)
		}
	}
	line(left, py(0), W-right, py(0), black, false)
	line(left, py(0), left, py(1), black, false)
	text(left, 22, title, black)
	text((left+W-right)/2-len(xlabel)*3, H-15, xlabel, black)
	text(4, top-8, ylabel, black)
	// Series and legend.
	for k, s := range series {
		for i := range s.X {
			if i > 0 {
				line(px(s.X[i-1]), py(s.Y[i-1]), px(s.X[i]), py(s.Y[i]), s.Color, s.Dashed)
			}
			if s.Lo != nil {
				line(px(s.X[i]), py(s.Lo[i]), px(s.X[i]), py(s.Hi[i]), s.Color, false)
				line(px(s.X[i])-4, py(s.Lo[i]), px(s.X[i])+4, py(s.Lo[i]), s.Color, false)
				line(px(s.X[i])-4, py(s.Hi[i]), px(s.X[i])+4, py(s.Hi[i]), s.Color, false)
			}
		}
		ly := top + 20 + 22*k
		line(W-right+15, ly, W-right+40, ly, s.Color, s.Dashed)
		text(W-right+46, ly+4, s.Name, black)
	}
	return png.Encode(w, img)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
