package integration

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha512"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/notecoder/notecoder/broker"
)

// writeCerts makes a CA and a server certificate for 127.0.0.1/localhost, as PEM files:
// ca.pem, and server.pem holding the PKCS#8 key and the certificate (Kafka's PEM keystore).
func writeCerts(t *testing.T, dir string) (caFile, serverFile string) {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "notecoder test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caCert, _ := x509.ParseCertificate(caDER)
	srvKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	srvTmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "localhost"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	srvDER, err := x509.CreateCertificate(rand.Reader, srvTmpl, caCert, &srvKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, _ := x509.MarshalPKCS8PrivateKey(srvKey)
	caFile, serverFile = filepath.Join(dir, "ca.pem"), filepath.Join(dir, "server.pem")
	os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}), 0o600)
	os.WriteFile(serverFile, append(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}),
		pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srvDER})...), 0o600)
	return caFile, serverFile
}

// TestSASLSSLListener runs a real broker with a SASL_SSL listener (certificates made
// here, users for SCRAM-SHA-512 and PLAIN) and processes documents through it; a wrong
// password makes serve fail at once with a clear error.
func TestSASLSSLListener(t *testing.T) {
	kafkaAddr(t)
	dir := t.TempDir()
	caFile, serverFile := writeCerts(t, dir)
	port, saslPort := 19492, 19502
	props := filepath.Join(dir, "sasl.properties")
	os.WriteFile(props, []byte(fmt.Sprintf(`listeners=PLAINTEXT://127.0.0.1:@PORT@,CONTROLLER://127.0.0.1:@CONTROLLER_PORT@,SASL_SSL://127.0.0.1:%[1]d
advertised.listeners=PLAINTEXT://127.0.0.1:@PORT@,SASL_SSL://127.0.0.1:%[1]d
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL
listener.name.sasl_ssl.ssl.keystore.type=PEM
listener.name.sasl_ssl.ssl.keystore.location=%[2]s
listener.name.sasl_ssl.sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-512
listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_carol="carol-secret";
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
`, saslPort, serverFile)), 0o600)
	script, _ := filepath.Abs("../scripts/kafka.sh")
	kdir := filepath.Join(dir, "kafka")
	up := exec.Command(script, "up", "--port", fmt.Sprint(port), "--dir", kdir)
	up.Env = append(os.Environ(), "KAFKA_EXTRA_PROPERTIES_FILE="+props)
	out, err := up.Output()
	if err != nil {
		t.Fatalf("starting a broker with a SASL_SSL listener: %v", err)
	}
	t.Cleanup(func() { exec.Command(script, "down", "--dir", kdir).Run() })
	plainAddr := strings.TrimSpace(string(out))
	saslAddr := fmt.Sprintf("127.0.0.1:%d", saslPort)

	// SCRAM users live in the cluster metadata: create alice over the plaintext listener.
	salt := []byte("notecoder-test-salt")
	salted, err := pbkdf2.Key(sha512.New, "alice-secret", salt, 4096, 64)
	if err != nil {
		t.Fatal(err)
	}
	cl := &kafka.Client{Addr: kafka.TCP(plainAddr), Timeout: 10 * time.Second}
	resp, err := cl.AlterUserScramCredentials(context.Background(), &kafka.AlterUserScramCredentialsRequest{
		Upsertions: []kafka.UserScramCredentialsUpsertion{{Name: "alice", Mechanism: kafka.ScramMechanismSha512, Iterations: 4096, Salt: salt, SaltedPassword: salted}}})
	if err != nil || (len(resp.Results) > 0 && resp.Results[0].Error != nil) {
		t.Fatalf("creating the SCRAM user: %v %+v", err, resp)
	}
	time.Sleep(time.Second) // let the credential reach the listener

	// PLAIN over TLS answers with the right password, and refuses a wrong one.
	for _, tc := range []struct {
		pass string
		ok   bool
	}{{"carol-secret", true}, {"wrong", false}} {
		tlsCfg, mech, err := broker.Security{CAFile: caFile, SASLMechanism: "PLAIN", Username: "carol", Password: tc.pass}.Build()
		if err != nil {
			t.Fatal(err)
		}
		err = broker.Ping(context.Background(), broker.Conn{Brokers: []string{saslAddr}, TLS: tlsCfg, SASL: mech})
		if (err == nil) != tc.ok || (err != nil && !broker.Fatal(err)) {
			t.Errorf("PLAIN with password %q: %v", tc.pass, err)
		}
	}

	// serve through SASL_SSL with SCRAM-SHA-512: documents in, results out.
	tp := newTopics(t, "sasl")
	tp.create(t, plainAddr, 3)
	const n = 200
	produce(t, plainAddr, tp.input, docMessages(0, n))
	c := collect(t, plainAddr, tp)
	secure := []string{"--kafka-ca-file", caFile, "--kafka-sasl-mechanism", "SCRAM-SHA-512", "--kafka-sasl-username", "alice"}
	t.Setenv("NOTECODER_KAFKA_SASL_PASSWORD", "alice-secret")
	startServe(t, saslAddr, tp, t.TempDir(), secure...)
	waitFor(t, 2*time.Minute, "results through the SASL_SSL listener", func() bool { return c.docsDone() >= n })
	c.checkComplete(t, n)

	// A wrong password fails fast with a clear error.
	t.Setenv("NOTECODER_KAFKA_SASL_PASSWORD", "not-alices-password")
	start := time.Now()
	cmd := exec.Command(notecoderBin(t), append([]string{"serve", "--brokers", saslAddr, "--data-dir", t.TempDir(), "--http-addr", ""}, append(tp.flags(), secure...)...)...)
	outBytes, err := cmd.CombinedOutput()
	took := time.Since(start)
	if err == nil {
		t.Fatal("serve with a wrong password exited 0")
	}
	if took > 20*time.Second || !strings.Contains(string(outBytes), "SASL") || !strings.Contains(string(outBytes), "check the Kafka TLS/SASL settings") {
		t.Errorf("wrong password: after %s: %s", took, outBytes)
	}
	fmt.Printf("kafka SASL_SSL: %d documents processed through SCRAM-SHA-512 over TLS; PLAIN checked; a wrong password failed in %s\n", n, took.Round(10*time.Millisecond))
}
