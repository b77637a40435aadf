package review

import (
	"bufio"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// Users are the clinicians who may sign in: name -> bcrypt hash of the password.
type Users map[string][]byte

// LoadUsers reads a users file: one "name:bcrypt-hash" per line ('notecoder review-user
// NAME' prints one), blank lines and lines starting with # ignored.
func LoadUsers(path string) (Users, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	u := Users{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, hash, ok := strings.Cut(line, ":")
		if !ok || strings.TrimSpace(name) == "" {
			return nil, fmt.Errorf("%s:%d: want name:bcrypt-hash ('notecoder review-user NAME' prints such a line)", path, n)
		}
		if _, err := bcrypt.Cost([]byte(hash)); err != nil {
			return nil, fmt.Errorf("%s:%d: the password of %q is not a bcrypt hash (never store passwords in clear; 'notecoder review-user %s' hashes one)", path, n, name, name)
		}
		u[strings.TrimSpace(name)] = []byte(hash)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(u) == 0 {
		return nil, fmt.Errorf("%s: no users", path)
	}
	return u, nil
}

// HashPassword is the bcrypt hash a users file line holds.
func HashPassword(password string) (string, error) {
	if len(password) < 10 {
		return "", fmt.Errorf("the password is too short: use at least 10 characters")
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	return string(h), err
}

// dummy is compared against for unknown users, so that a wrong name takes as long as a
// wrong password.
var dummy, _ = bcrypt.GenerateFromPassword([]byte("no such user, no such password"), bcrypt.MinCost)

// Check says whether name and password match.
func (u Users) Check(name, password string) bool {
	h, ok := u[name]
	if !ok {
		bcrypt.CompareHashAndPassword(dummy, []byte(password))
		return false
	}
	return bcrypt.CompareHashAndPassword(h, []byte(password)) == nil
}

// session is a signed-in user.
type session struct {
	user    string
	csrf    string
	expires time.Time
}

// sessions are kept in memory: a restart signs everyone out.
type sessions struct {
	mu  sync.Mutex
	m   map[string]*session
	ttl time.Duration
}

func token() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // the system's randomness failed: nothing is safe any more
	}
	return hex.EncodeToString(b)
}

func (s *sessions) start(user string) (string, *session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]*session{}
	}
	now := time.Now()
	for id, x := range s.m {
		if now.After(x.expires) {
			delete(s.m, id)
		}
	}
	id := token()
	x := &session{user: user, csrf: token(), expires: now.Add(s.ttl)}
	s.m[id] = x
	return id, x
}

func (s *sessions) get(id string) *session {
	s.mu.Lock()
	defer s.mu.Unlock()
	x := s.m[id]
	if x == nil || time.Now().After(x.expires) {
		delete(s.m, id)
		return nil
	}
	return x
}

func (s *sessions) end(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, id)
}

// sameToken compares CSRF tokens in constant time.
func sameToken(a, b string) bool {
	return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
