package broker

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSecuritySettingsAreCheckedUpFront(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "ca.pem")
	os.WriteFile(notPEM, []byte("not a certificate"), 0o600)
	for _, tc := range []struct {
		s       Security
		tls     bool
		sasl    bool
		wantErr string
	}{
		{Security{}, false, false, ""},
		{Security{TLS: true}, true, false, ""},
		{Security{SASLMechanism: "PLAIN", Username: "u", Password: "p"}, false, true, ""},
		{Security{TLS: true, SASLMechanism: "scram-sha-512", Username: "u", Password: "p"}, true, true, ""},
		{Security{SASLMechanism: "GSSAPI", Username: "u", Password: "p"}, false, false, "use PLAIN"},
		{Security{SASLMechanism: "PLAIN", Username: "u"}, false, false, "needs a username and a password"},
		{Security{Username: "u"}, false, false, "without --kafka-sasl-mechanism"},
		{Security{CAFile: filepath.Join(dir, "missing.pem")}, false, false, "CA file"},
		{Security{CAFile: notPEM}, false, false, "no PEM certificate"},
		{Security{CertFile: notPEM}, false, false, "both --kafka-cert-file and --kafka-key-file"},
	} {
		tc2, mech, err := tc.s.Build()
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%+v: error %v, want %q", tc.s, err, tc.wantErr)
			}
			continue
		}
		if err != nil || (tc2 != nil) != tc.tls || (mech != nil) != tc.sasl {
			t.Errorf("%+v: tls %v sasl %v err %v", tc.s, tc2 != nil, mech != nil, err)
		}
	}
}
