# by <workspace>/<sha256>/<name>; the next apply records the source path when its file has that hash
terraform import sparkplane_artifact.sales_by_region analytics/677ce3438bb64a5fd27dec16e7d57c0c8bd6465ea3381b872a88ab037716c91b/sales_by_region.py
