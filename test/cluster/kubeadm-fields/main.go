// Command kubeadm-fields prints, as JSON, the fields kubeadm's strict decoder accepts in each kind of its
// configuration API (kubeadm.k8s.io/v1beta3 and v1beta4), read by reflection from kubeadm's own Go types: for each
// field its JSON name and what it holds (an object with its fields, a list or map of something, or a scalar with
// the Go type that decodes it); and the feature gates kubeadm knows. Kubeward's scripts/gen-kubeadm-fields.mjs
// commits the output as reference data.
package main

import (
	"encoding/json"
	"os"
	"reflect"
	"sort"
	"strings"

	v1beta3 "k8s.io/kubernetes/cmd/kubeadm/app/apis/kubeadm/v1beta3"
	v1beta4 "k8s.io/kubernetes/cmd/kubeadm/app/apis/kubeadm/v1beta4"
	"k8s.io/kubernetes/cmd/kubeadm/app/features"
)

// Shape is what a JSON value must look like to decode into a Go type.
type Shape struct {
	// object, list, map, string, boolean, integer, number, or any (decoded by its own UnmarshalJSON).
	Type   string            `json:"type"`
	GoType string            `json:"goType,omitempty"`
	Fields map[string]*Shape `json:"fields,omitempty"`
	Items  *Shape            `json:"items,omitempty"`
}

var unmarshaler = reflect.TypeOf((*json.Unmarshaler)(nil)).Elem()

func shapeOf(t reflect.Type, depth int) *Shape {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	name := t.String()
	if reflect.PointerTo(t).Implements(unmarshaler) || t.Implements(unmarshaler) {
		return &Shape{Type: "any", GoType: name}
	}
	switch t.Kind() {
	case reflect.String:
		return &Shape{Type: "string", GoType: name}
	case reflect.Bool:
		return &Shape{Type: "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return &Shape{Type: "integer", GoType: name}
	case reflect.Float32, reflect.Float64:
		return &Shape{Type: "number"}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return &Shape{Type: "string", GoType: "[]byte"}
		}
		return &Shape{Type: "list", Items: shapeOf(t.Elem(), depth+1)}
	case reflect.Map:
		return &Shape{Type: "map", Items: shapeOf(t.Elem(), depth+1)}
	case reflect.Interface:
		return &Shape{Type: "any", GoType: name}
	case reflect.Struct:
		if depth > 16 {
			return &Shape{Type: "any", GoType: name}
		}
		shape := &Shape{Type: "object", GoType: name, Fields: map[string]*Shape{}}
		addFields(shape, t, depth)
		return shape
	}
	return &Shape{Type: "any", GoType: name}
}

func addFields(shape *Shape, t reflect.Type, depth int) {
	for i := 0; i < t.NumField(); i++ {
		field := t.Field(i)
		tag := field.Tag.Get("json")
		name := strings.Split(tag, ",")[0]
		if name == "-" || (!field.IsExported() && !field.Anonymous) {
			continue
		}
		inline := strings.Contains(tag, ",inline") || (field.Anonymous && name == "")
		if inline {
			inner := field.Type
			for inner.Kind() == reflect.Pointer {
				inner = inner.Elem()
			}
			addFields(shape, inner, depth)
			continue
		}
		if name == "" {
			name = field.Name
		}
		shape.Fields[name] = shapeOf(field.Type, depth+1)
	}
}

func main() {
	kinds := map[string]map[string]any{
		"kubeadm.k8s.io/v1beta3": {
			"InitConfiguration": v1beta3.InitConfiguration{}, "ClusterConfiguration": v1beta3.ClusterConfiguration{},
			"JoinConfiguration": v1beta3.JoinConfiguration{},
		},
		"kubeadm.k8s.io/v1beta4": {
			"InitConfiguration": v1beta4.InitConfiguration{}, "ClusterConfiguration": v1beta4.ClusterConfiguration{},
			"JoinConfiguration": v1beta4.JoinConfiguration{}, "ResetConfiguration": v1beta4.ResetConfiguration{},
			"UpgradeConfiguration": v1beta4.UpgradeConfiguration{},
		},
	}
	out := map[string]map[string]*Shape{}
	gates := make([]string, 0, len(features.InitFeatureGates))
	for name := range features.InitFeatureGates {
		gates = append(gates, name)
	}
	sort.Strings(gates)
	versions := make([]string, 0, len(kinds))
	for version := range kinds {
		versions = append(versions, version)
	}
	sort.Strings(versions)
	for _, version := range versions {
		out[version] = map[string]*Shape{}
		for kind, value := range kinds[version] {
			out[version][kind] = shapeOf(reflect.TypeOf(value), 0)
		}
	}
	encoder := json.NewEncoder(os.Stdout)
	encoder.SetIndent("", "  ")
	if err := encoder.Encode(map[string]any{"kinds": out, "featureGates": gates}); err != nil {
		panic(err)
	}
}
