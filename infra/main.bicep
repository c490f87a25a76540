// The Functions deployment: `azd up` provisions this and deploys src/Referrals.Functions into it.
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('azd environment name; names and tags every resource.')
param environmentName string

@minLength(1)
@description('Azure region of every resource (one that offers Flex Consumption).')
param location string

@secure()
@description('First admin API key (16 characters or more). Stored in Key Vault.')
param adminApiKey string

@secure()
@description('Salt of visitor IP hashes (16 characters or more). Stored in Key Vault.')
param ipHashSalt string

@secure()
@description('Base64 of 32 random bytes: the key webhook secrets are encrypted with. Stored in Key Vault.')
param secretsKey string

@secure()
@description('Secret (32 characters or more) that signs finance\'s decision links. Stored in Key Vault.')
param decisionLinkSecret string

var tags = { 'azd-env-name': environmentName }

resource group 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module resources 'resources.bicep' = {
  name: 'referrals-resources'
  scope: group
  params: {
    environmentName: environmentName
    location: location
    tags: tags
    adminApiKey: adminApiKey
    ipHashSalt: ipHashSalt
    secretsKey: secretsKey
    decisionLinkSecret: decisionLinkSecret
  }
}

output AZURE_RESOURCE_GROUP string = group.name
output AZURE_FUNCTION_APP_NAME string = resources.outputs.functionAppName
output AZURE_KEY_VAULT_NAME string = resources.outputs.keyVaultName
output SERVICE_BUS_NAMESPACE string = resources.outputs.serviceBusNamespace
