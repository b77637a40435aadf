package broker

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/sasl"
	"github.com/segmentio/kafka-go/sasl/plain"
	"github.com/segmentio/kafka-go/sasl/scram"
)

// Security is how notecoder authenticates to Kafka and encrypts the connection.
type Security struct {
	TLS      bool   // use TLS (implied by CAFile/CertFile)
	CAFile   string // PEM CA bundle to verify the brokers (default: the system's)
	CertFile string // PEM client certificate, for mutual TLS
	KeyFile  string // its PEM private key
	// ServerName overrides the name checked in the brokers' certificates.
	ServerName string

	SASLMechanism string // "", PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512
	Username      string
	Password      string // never logged or printed
}

// Build returns the TLS configuration (nil for plaintext) and the SASL mechanism (nil
// for none).
func (s Security) Build() (*tls.Config, sasl.Mechanism, error) {
	var tc *tls.Config
	if s.TLS || s.CAFile != "" || s.CertFile != "" {
		tc = &tls.Config{MinVersion: tls.VersionTLS12, ServerName: s.ServerName}
		if s.CAFile != "" {
			pem, err := os.ReadFile(s.CAFile)
			if err != nil {
				return nil, nil, fmt.Errorf("Kafka CA file: %w", err)
			}
			pool := x509.NewCertPool()
			if !pool.AppendCertsFromPEM(pem) {
				return nil, nil, fmt.Errorf("Kafka CA file %s holds no PEM certificate", s.CAFile)
			}
			tc.RootCAs = pool
		}
		if (s.CertFile == "") != (s.KeyFile == "") {
			return nil, nil, fmt.Errorf("Kafka client certificate: give both --kafka-cert-file and --kafka-key-file, or neither")
		}
		if s.CertFile != "" {
			cert, err := tls.LoadX509KeyPair(s.CertFile, s.KeyFile)
			if err != nil {
				return nil, nil, fmt.Errorf("Kafka client certificate: %w", err)
			}
			tc.Certificates = []tls.Certificate{cert}
		}
	}
	var mech sasl.Mechanism
	switch strings.ToUpper(s.SASLMechanism) {
	case "":
		if s.Username != "" {
			return nil, nil, fmt.Errorf("a Kafka SASL username was given without --kafka-sasl-mechanism (PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512)")
		}
		return tc, nil, nil
	case "PLAIN":
		mech = plain.Mechanism{Username: s.Username, Password: s.Password}
	case "SCRAM-SHA-256", "SCRAM-SHA-512":
		algo := scram.SHA512
		if strings.ToUpper(s.SASLMechanism) == "SCRAM-SHA-256" {
			algo = scram.SHA256
		}
		m, err := scram.Mechanism(algo, s.Username, s.Password)
		if err != nil {
			return nil, nil, fmt.Errorf("SASL %s: %w", s.SASLMechanism, err)
		}
		mech = m
	default:
		return nil, nil, fmt.Errorf("SASL mechanism %q: use PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512", s.SASLMechanism)
	}
	if s.Username == "" || s.Password == "" {
		return nil, nil, fmt.Errorf("SASL %s needs a username and a password (--kafka-sasl-username, --kafka-sasl-password-file or NOTECODER_KAFKA_SASL_PASSWORD)", s.SASLMechanism)
	}
	if tc == nil {
		// SASL over plaintext sends PLAIN passwords in the clear; allowed (SASL_PLAINTEXT
		// listeners exist) but the caller should warn.
		return nil, mech, nil
	}
	return tc, mech, nil
}

// Fatal reports whether a connection error cannot be cured by waiting: wrong
// credentials, an unsupported mechanism, or a certificate that does not verify.
func Fatal(err error) bool {
	var ke kafka.Error
	if errors.As(err, &ke) {
		switch ke {
		case kafka.SASLAuthenticationFailed, kafka.UnsupportedSASLMechanism, kafka.IllegalSASLState, kafka.TopicAuthorizationFailed, kafka.GroupAuthorizationFailed, kafka.ClusterAuthorizationFailed:
			return true
		}
	}
	var ua x509.UnknownAuthorityError
	var hn x509.HostnameError
	var ci x509.CertificateInvalidError
	var cv *tls.CertificateVerificationError
	var rh tls.RecordHeaderError
	return errors.As(err, &ua) || errors.As(err, &hn) || errors.As(err, &ci) || errors.As(err, &cv) || errors.As(err, &rh) ||
		strings.Contains(err.Error(), "SASL Authentication failed") || strings.Contains(err.Error(), "tls: ")
}
