// Command x509-judge answers, for certificates and host names read as JSON lines on standard input
// ({"certificate": "<PEM>", "names": ["kubernetes", "10.96.0.1"]}), whether Go's crypto/x509 VerifyHostname accepts
// each name: the check client-go and every Go TLS client make of a server's certificate. It prints one JSON line
// per input: {"accepted": [true, false, ...]}. The oracle of pki/apiserver-san.
package main

import (
	"bufio"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"os"
)

type question struct {
	Certificate string   `json:"certificate"`
	Names       []string `json:"names"`
}

type answer struct {
	Accepted []bool `json:"accepted"`
	Error    string `json:"error,omitempty"`
}

func main() {
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 1<<20), 1<<24)
	out := json.NewEncoder(os.Stdout)
	for scanner.Scan() {
		var q question
		var a answer
		if err := json.Unmarshal(scanner.Bytes(), &q); err != nil {
			a.Error = err.Error()
		} else if block, _ := pem.Decode([]byte(q.Certificate)); block == nil {
			a.Error = "no PEM block"
		} else if certificate, err := x509.ParseCertificate(block.Bytes); err != nil {
			a.Error = err.Error()
		} else {
			for _, name := range q.Names {
				a.Accepted = append(a.Accepted, certificate.VerifyHostname(name) == nil)
			}
		}
		if err := out.Encode(a); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
