# by the workspace's id
terraform import sparkplane_workspace.analytics analytics
