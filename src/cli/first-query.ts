/** The query `huzhu start` prints for a newcomer to paste. */
export const FIRST_QUERY = `query FirstLook {
  viewer { role }
  regions(kind: VILLAGE, first: 5) {
    totalCount
    edges { node { id name code parent { name } } }
  }
  people(first: 3) {
    totalCount
    edges {
      node {
        id name age isElder selfCareLevel livesAlone
        region { name }
        household { code members { name age } }
        relationships { kind kinDegree kinTerm other { name residence } }
      }
    }
  }
}`;
