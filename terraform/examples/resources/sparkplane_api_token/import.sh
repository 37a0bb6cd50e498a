# by the token's id; the secret is not known after an import (the API shows it once, at creation)
terraform import sparkplane_api_token.ci 88fedb98-7280-498d-b337-3b758f9e0e82
