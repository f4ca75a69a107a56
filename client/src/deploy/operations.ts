import { graphql } from '../gql/index.js';

export const DeploymentsQuery = graphql(`
  query Deployments($first: Int) {
    deployments(first: $first) {
      totalCount
      edges {
        node {
          id
          name
          namespace
          mode
          state
          message
          gpuCount
          minReplicas
          maxReplicas
          createdAt
          model {
            id
            hfRepo
          }
          gpu {
            id
            type
          }
        }
      }
    }
  }
`);

export const CreateDeploymentMutation = graphql(`
  mutation CreateDeployment($input: CreateDeploymentInput!) {
    createDeployment(input: $input) {
      deployment {
        id
        name
        namespace
        state
      }
      dryRun
      manifests
      errors {
        code
        field
        message
      }
    }
  }
`);

export const DeploymentStatusSubscription = graphql(`
  subscription DeploymentStatus($deploymentId: ID!) {
    deploymentStatus(deploymentId: $deploymentId) {
      deploymentId
      phase
      readyReplicas
      desiredReplicas
      message
      pods {
        name
        phase
        ready
        restarts
        reason
        message
      }
    }
  }
`);

export const TestInferenceMutation = graphql(`
  mutation TestInference($deploymentId: ID!, $prompt: String!, $maxTokens: Int) {
    testInference(deploymentId: $deploymentId, prompt: $prompt, maxTokens: $maxTokens) {
      text
      ttftMs
      totalMs
      outputTokens
      endpoint
    }
  }
`);

export const DeleteDeploymentMutation = graphql(`
  mutation DeleteDeployment($id: ID!) {
    deleteDeployment(id: $id) {
      deployment {
        id
        state
      }
    }
  }
`);
