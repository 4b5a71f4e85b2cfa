// netpol-judge answers NetworkPolicy reachability questions with cyclonus's policy matcher
// (github.com/mattfenwick/cyclonus/pkg/matcher), the independent implementation the netpol oracle compares
// Kubeward with. It reads scenarios as JSON on stdin and writes one verdict per question on stdout.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/mattfenwick/cyclonus/pkg/matcher"
	v1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
)

type containerPort struct {
	Name     string      `json:"name"`
	Port     int         `json:"port"`
	Protocol v1.Protocol `json:"protocol"`
}

type pod struct {
	Namespace       string            `json:"namespace"`
	Labels          map[string]string `json:"labels"`
	NamespaceLabels map[string]string `json:"namespaceLabels"`
	IP              string            `json:"ip"`
	Ports           []containerPort   `json:"ports"`
}

// endpoint is a pod of the scenario (by index) or an address outside the cluster.
type endpoint struct {
	Pod *int   `json:"pod"`
	IP  string `json:"ip"`
}

type question struct {
	From     endpoint    `json:"from"`
	To       endpoint    `json:"to"`
	Port     int         `json:"port"`
	Protocol v1.Protocol `json:"protocol"`
}

type scenario struct {
	Policies  []*networkingv1.NetworkPolicy `json:"policies"`
	Pods      []pod                         `json:"pods"`
	Questions []question                    `json:"questions"`
}

type verdict struct {
	Allowed bool `json:"allowed"`
	Egress  bool `json:"egress"`
	Ingress bool `json:"ingress"`
}

func main() {
	var scenarios []scenario
	if err := json.NewDecoder(os.Stdin).Decode(&scenarios); err != nil {
		fmt.Fprintf(os.Stderr, "netpol-judge: reading the scenarios: %v\n", err)
		os.Exit(2)
	}
	answers := make([][]verdict, len(scenarios))
	for i, s := range scenarios {
		answers[i] = judge(s)
	}
	if err := json.NewEncoder(os.Stdout).Encode(answers); err != nil {
		fmt.Fprintf(os.Stderr, "netpol-judge: writing the verdicts: %v\n", err)
		os.Exit(2)
	}
}

func judge(s scenario) []verdict {
	policy := matcher.BuildNetworkPolicies(false, s.Policies)
	peer := func(e endpoint) *matcher.TrafficPeer {
		if e.Pod == nil {
			return &matcher.TrafficPeer{IP: e.IP}
		}
		p := s.Pods[*e.Pod]
		return &matcher.TrafficPeer{
			Internal: &matcher.InternalPeer{PodLabels: p.Labels, NamespaceLabels: p.NamespaceLabels, Namespace: p.Namespace},
			IP:       p.IP,
		}
	}
	verdicts := make([]verdict, 0, len(s.Questions))
	for _, q := range s.Questions {
		// A named port in a rule matches the destination's container port of that name, found by number and protocol.
		portName := ""
		if q.To.Pod != nil {
			for _, p := range s.Pods[*q.To.Pod].Ports {
				if p.Port == q.Port && p.Protocol == q.Protocol {
					portName = p.Name
				}
			}
		}
		result := policy.IsTrafficAllowed(&matcher.Traffic{
			Source:           peer(q.From),
			Destination:      peer(q.To),
			ResolvedPort:     q.Port,
			ResolvedPortName: portName,
			Protocol:         q.Protocol,
		})
		verdicts = append(verdicts, verdict{Allowed: result.IsAllowed(), Egress: result.Egress.IsAllowed(), Ingress: result.Ingress.IsAllowed()})
	}
	return verdicts
}
