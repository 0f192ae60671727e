from regiodesk.store import Store


def test_demo_store_has_the_region(demo_store: Store) -> None:
    assert demo_store.scalar("SELECT count(*) FROM municipality") == 14
