package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Conversions between Terraform values and the API's JSON fields. A null (or unknown) Terraform value is an
// absent JSON field (nil); an empty list or map stays an empty one, since the API echoes what it was given.

func stringsOf(list types.List) *[]string {
	if list.IsNull() || list.IsUnknown() {
		return nil
	}
	values := make([]string, 0, len(list.Elements()))
	for _, element := range list.Elements() {
		values = append(values, element.(types.String).ValueString())
	}
	return &values
}

func stringsOfSet(set types.Set) []string {
	if set.IsNull() || set.IsUnknown() {
		return nil
	}
	values := make([]string, 0, len(set.Elements()))
	for _, element := range set.Elements() {
		values = append(values, element.(types.String).ValueString())
	}
	return values
}

func stringMapOf(value types.Map) *map[string]string {
	if value.IsNull() || value.IsUnknown() {
		return nil
	}
	values := make(map[string]string, len(value.Elements()))
	for key, element := range value.Elements() {
		values[key] = element.(types.String).ValueString()
	}
	return &values
}

func listOf(values *[]string) types.List {
	if values == nil {
		return types.ListNull(types.StringType)
	}
	return stringList(*values)
}

func stringList(values []string) types.List {
	elements := make([]attr.Value, 0, len(values))
	for _, value := range values {
		elements = append(elements, types.StringValue(value))
	}
	return types.ListValueMust(types.StringType, elements)
}

func setOf(values []string) types.Set {
	elements := make([]attr.Value, 0, len(values))
	for _, value := range values {
		elements = append(elements, types.StringValue(value))
	}
	return types.SetValueMust(types.StringType, elements)
}

func mapOf(values *map[string]string) types.Map {
	if values == nil {
		return types.MapNull(types.StringType)
	}
	elements := make(map[string]attr.Value, len(*values))
	for key, value := range *values {
		elements[key] = types.StringValue(value)
	}
	return types.MapValueMust(types.StringType, elements)
}

// optionalMap is the API's map as Terraform keeps it: an empty map the API always answers stays null when
// the configuration had none (prior is null), so that leaving the attribute out shows no change.
func optionalMap(values map[string]string, prior types.Map) types.Map {
	if len(values) == 0 && prior.IsNull() {
		return types.MapNull(types.StringType)
	}
	if values == nil {
		values = map[string]string{}
	}
	return mapOf(&values)
}

// optionalSet is optionalMap for a set of strings.
func optionalSet(values []string, prior types.Set) types.Set {
	if len(values) == 0 && prior.IsNull() {
		return types.SetNull(types.StringType)
	}
	return setOf(values)
}

// stringPointer is the value of a known, non-null string, else nil.
func stringPointer(value types.String) *string {
	if value.IsNull() || value.IsUnknown() {
		return nil
	}
	text := value.ValueString()
	return &text
}

func int64Pointer(value types.Int64) *int64 {
	if value.IsNull() || value.IsUnknown() {
		return nil
	}
	number := value.ValueInt64()
	return &number
}

func boolPointer(value types.Bool) *bool {
	if value.IsNull() || value.IsUnknown() {
		return nil
	}
	flag := value.ValueBool()
	return &flag
}
