package provider

import "github.com/hashicorp/terraform-plugin-framework/types"

// typesString is the element type of string lists, sets and maps in schemas.
var typesString = types.StringType
