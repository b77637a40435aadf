package main

import (
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"strings"

	"github.com/notecoder/notecoder/nlp/models"
	"github.com/notecoder/notecoder/nlp/torch"
)

func init() {
	register(command{name: "version", summary: "print notecoder, gotch and libtorch versions, CUDA devices, CPU threads", run: runVersion})
}

type versionInfo struct {
	Notecoder string                `json:"notecoder"`
	Commit    string                `json:"commit"`
	Go        string                `json:"go"`
	Torch     torch.RuntimeInfo     `json:"torch"`
	Models    []models.ShippedModel `json:"models"` // shipped inside the binary
}

func runVersion(args []string, stdout, _ io.Writer) error {
	fs := newFlagSet("version", "version [--json]", stdout)
	asJSON := fs.Bool("json", false, "print machine-readable JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	shipped, err := models.Shipped()
	if err != nil {
		return err
	}
	v := versionInfo{Notecoder: version, Commit: commit, Go: runtime.Version(), Torch: torch.Info(), Models: shipped}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	t := v.Torch
	cuda := "not available"
	if t.CUDAAvailable {
		cuda = fmt.Sprintf("available, %d device(s), cuDNN %v", t.CUDADevices, t.CUDNNAvailable)
	}
	fmt.Fprintf(stdout, "notecoder   %s (commit %s, %s)\n", v.Notecoder, v.Commit, v.Go)
	fmt.Fprintf(stdout, "gotch       %s\n", t.GotchVersion)
	fmt.Fprintf(stdout, "libtorch    %s (%s; build %s, %d gotch wrappers not available)\n", t.LibtorchVersion, t.LibtorchSource, t.BuildVariant, t.StubbedOps)
	fmt.Fprintf(stdout, "CUDA        %s\n", cuda)
	fmt.Fprintf(stdout, "CPU threads %d (libtorch intra-op)\n", t.CPUThreads)
	fmt.Fprintf(stdout, "BLAS        %s\n", t.BLAS)
	for _, m := range v.Models {
		members := ""
		if m.Members > 1 {
			members = fmt.Sprintf(", ensemble of %d", m.Members)
		}
		fmt.Fprintf(stdout, "model       %s: %s %s%s, weights sha256 %s\n", m.Task, m.Name, m.Version, members, strings.Join(m.Weights, " "))
	}
	return nil
}
